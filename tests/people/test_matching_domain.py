"""The pure record matcher: typing variations match, different women stay apart."""

from collections import defaultdict
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tavana.core.domain.identifiers import is_valid_national_code, make_national_code
from tavana.people.domain import matching as m
from tavana_demo.synthetic import generate

NC = make_national_code("001234567")
NC_SISTER = make_national_code("001998877")
NC_OTHER = make_national_code("004455661")

BASE = {
    "id": "a",
    "national_code": NC,
    "first_name": "فاطمه زهرا",
    "last_name": "رضایی‌پور",
    "father_name": "علی",
    "birth_date": "1365/03/07",
    "mobile": "09121234567",
    "district": "7",
    "address": "خیابان شریعتی، کوچه یاس، پلاک ۱۲",
}


def rec(**changes):
    return {**BASE, "id": "b", **changes}


def same(a, b) -> bool:
    return m.compare(m.normalise(a), m.normalise(b)).is_match


def to_persian(s):
    return s.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def to_arabic(s):
    return s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


VARIATIONS = {
    "identical": rec(),
    "arabic letters": rec(last_name="رضائي‌پور", first_name="فاطمه زهرا"),
    "arabic kaf and yeh": rec(
        first_name="فاطمه زهرا", father_name="علي", address="خيابان شريعتي، كوچه ياس، پلاك ۱۲"
    ),
    "half-space as space": rec(last_name="رضایی پور"),
    "half-space dropped": rec(last_name="رضاییپور", first_name="فاطمهزهرا"),
    "extra spaces": rec(first_name="  فاطمه   زهرا ", last_name=" رضایی‌پور  "),
    "title سیده": rec(first_name="سیده فاطمه زهرا"),
    "title خانم": rec(first_name="خانم فاطمه زهرا"),
    "diacritics": rec(first_name="فاطِمه زَهرا", father_name="عَلی"),
    "persian digits": rec(
        national_code=to_persian(NC), birth_date="۱۳۶۵/۰۳/۰۷", mobile="۰۹۱۲۱۲۳۴۵۶۷"
    ),
    "arabic-indic digits": rec(
        national_code=to_arabic(NC), birth_date="١٣٦٥-٠٣-٠٧", mobile="٠٩١٢١٢٣٤٥٦٧"
    ),
    "date with dashes, no padding": rec(birth_date="1365-3-7"),
    "swapped first and last name": rec(first_name="رضایی‌پور", last_name="فاطمه زهرا"),
    "national code one digit wrong": rec(
        national_code=NC[:4] + str((int(NC[4]) + 1) % 10) + NC[5:]
    ),
    "national code digits transposed": rec(national_code=NC[:5] + NC[6] + NC[5] + NC[7:]),
    "national code lost its leading zeros": rec(national_code=NC.lstrip("0")),
    "national code with dashes": rec(national_code=f"{NC[:3]}-{NC[3:9]}-{NC[9]}"),
    "mobile as 9…": rec(mobile="9121234567"),
    "mobile as +989…": rec(mobile="+989121234567"),
    "mobile as 00989…": rec(mobile="00989121234567"),
    "mobile one digit wrong": rec(mobile="09121234561"),
    "national code missing": rec(national_code=""),
    "mobile and address missing": rec(mobile="", address="", district=""),
    "birth date missing": rec(birth_date=""),
    "father's name missing": rec(father_name=""),
    "re-registered years later": rec(
        mobile="09359876543", district="15", address="خیابان پیروزی، کوچه ۳۰، پلاک ۴"
    ),
    "re-registered, code mistyped": rec(
        national_code=NC[:8] + NC[9] + NC[8], mobile="09359876543", district="15", address=""
    ),
    "birth day and month swapped": rec(birth_date="1365/07/03"),
    "birth day off by one": rec(birth_date="1365/03/08"),
    "name spelt by ear (ص for س)": rec(last_name="رزایی‌پور", first_name="فاتمه زهرا"),
}


@pytest.mark.parametrize("variant", VARIATIONS.values(), ids=list(VARIATIONS))
def test_typing_variation_is_the_same_woman(variant):
    assert same(BASE, variant)
    assert len(set(m.cluster([BASE, variant]).values())) == 1


HARD_NEGATIVES = {
    "sisters": rec(first_name="مریم", birth_date="1368/11/02", national_code=NC_SISTER),
    "sisters without codes or dates": rec(first_name="مریم", birth_date="", national_code=""),
    "twins": rec(first_name="زینب", national_code=NC_SISTER),
    "twins without national codes": rec(first_name="زینب", national_code=""),
    "twins with rhyming names": {**BASE, "first_name": "زهره", "id": "b", "national_code": ""},
    "mother and daughter at one address": rec(
        first_name="فاطمه زهرا",
        father_name="حسین",
        birth_date="1342/05/20",
        national_code=NC_OTHER,
    ),
    "mother and daughter, no codes": rec(
        father_name="حسین", birth_date="1342/05/20", national_code=""
    ),
    "namesake in another district": rec(
        father_name="محمود",
        birth_date="1371/08/15",
        national_code=NC_OTHER,
        mobile="09191112233",
        district="19",
        address="خیابان خاوران، کوچه ۸، پلاک ۲",
    ),
    "namesake with nothing but a name and a district": {
        "id": "b",
        "first_name": "فاطمه زهرا",
        "last_name": "رضایی‌پور",
        "district": "19",
    },
}
HARD_NEGATIVES["twins with rhyming names"]["first_name"] = "فاطمه زهره"


@pytest.mark.parametrize("other", HARD_NEGATIVES.values(), ids=list(HARD_NEGATIVES))
def test_different_women_are_kept_apart(other):
    assert not same(BASE, other)
    assert len(set(m.cluster([BASE, other]).values())) == 2


def test_reasons_are_persian_and_explain_the_match():
    pairs = list(m.find_duplicate_pairs([BASE, rec(mobile="")]))
    assert len(pairs) == 1
    id_a, id_b, score, reasons = pairs[0]
    assert {id_a, id_b} == {"a", "b"}
    assert score >= m.THRESHOLD
    assert "کد ملی یکسان" in reasons
    assert "تاریخ تولد یکسان" in reasons
    assert "نام، نام خانوادگی و نام پدر یکسان" in reasons


def test_vetoes_say_why_two_records_are_different_women():
    c = m.compare(m.normalise(BASE), m.normalise(HARD_NEGATIVES["twins"]))
    assert "نام متفاوت" in c.vetoes
    assert "دو کد ملی معتبر و متفاوت" in c.vetoes


def test_mistyped_code_alone_still_becomes_a_candidate():
    """Blocking finds a transposed code even when nothing else is shared."""
    a = {"id": "a", "national_code": NC, "first_name": "سمیه"}
    b = {"id": "b", "national_code": NC[:2] + NC[3] + NC[2] + NC[4:], "last_name": "کریمی"}
    c = {"id": "c", "national_code": NC_OTHER, "first_name": "سمیه"}
    recs = [m.normalise(r) for r in (a, b, c)]
    assert (0 << 32 | 1) in set(m.candidate_pairs(recs).tolist())


def test_clustering_does_not_chain_two_women_through_a_vague_record():
    a = rec(id="a", national_code=NC)
    b = rec(id="b", national_code=NC_OTHER)  # same everything, but another valid code
    vague = rec(id="c", national_code="", birth_date="")  # matches both on names and mobile
    assert same(a, vague) and same(b, vague) and not same(a, b)
    clusters = m.cluster([a, vague, b])
    assert clusters["a"] != clusters["b"]


def test_cluster_covers_every_record_once_and_is_deterministic():
    data = generate(400, seed=3)
    first = m.cluster(data.records)
    assert list(first) == [r["id"] for r in data.records]
    assert m.cluster(data.records) == first


def test_match_index_finds_candidates_for_one_new_record():
    index = m.MatchIndex([BASE, HARD_NEGATIVES["sisters"] | {"id": "sister"}])
    typed = rec(id="new", first_name="سيده فاطمه زهرا", national_code=to_persian(NC), mobile="")
    found = m.candidates_for(typed, index)
    assert [c.id for c in found] == ["a"]
    assert "کد ملی یکسان" in found[0].reasons
    assert len(index) == 2


def _pairs(mapping):
    groups = defaultdict(list)
    for rid, key in mapping.items():
        groups[key].append(rid)
    return {p for ids in groups.values() for p in combinations(sorted(ids), 2)}


def test_quality_on_a_small_synthetic_registry():
    data = generate(3000, seed=11)
    truth = _pairs(data.truth)
    found = _pairs(m.cluster(data.records))
    tp = len(truth & found)
    precision, recall = tp / len(found), tp / len(truth)
    assert 2 * precision * recall / (precision + recall) >= 0.99


def test_generator_is_deterministic_and_has_ground_truth():
    a, b = generate(500, seed=5), generate(500, seed=5)
    assert a.records == b.records and a.truth == b.truth
    assert generate(500, seed=6).records != a.records
    assert [r["id"] for r in a.records] == list(a.truth)
    assert all(set(r) == set(m.FIELDS) for r in a.records)
    assert all(is_valid_national_code(p.national_code) for p in a.persons)
    assert len({p.national_code for p in a.persons}) == len(a.persons)
    assert len(set(a.truth.values())) < len(a.records)  # there are duplicates


def test_generator_plants_every_kind_of_hard_negative():
    data = generate(5000, seed=2)
    assert set(data.kinds.values()) == {"sisters", "twins", "mother_daughter", "namesakes"}


def test_a_common_name_alone_is_not_enough_in_a_large_registry():
    a = {
        "id": "a",
        "first_name": "فاطمه",
        "last_name": "محمدی",
        "father_name": "علی",
        "district": "4",
    }
    b = a | {"id": "b", "first_name": "فاطمة"}
    assert len(set(m.cluster([a, b]).values())) == 1  # nobody else is called that
    namesakes = [
        a | {"id": f"n{k}", "national_code": make_national_code(f"0055{k:05d}"),
             "birth_date": f"13{40 + k}/01/01", "district": str(5 + k)}
        for k in range(12)
    ]  # fmt: skip
    clusters = m.cluster([a, b, *namesakes])
    assert clusters["a"] != clusters["b"]
    reasons = m.compare(
        m.normalise(a),
        m.normalise(b),
        name_counts=m.count_names(m.normalise(r) for r in [a, b, *namesakes]),
    ).reasons
    assert any("نام رایج است" in r for r in reasons)


def test_no_cluster_holds_two_records_that_veto_each_other():
    data = generate(2000, seed=8)
    recs = [m.normalise(r) for r in data.records]
    clusters = m.cluster(recs)
    members = defaultdict(list)
    for r in recs:
        members[clusters[r.id]].append(r)
    for group in members.values():
        for x, y in combinations(group, 2):
            assert m.compatible(x, y), (x.id, y.id)


_typed = st.text(
    alphabet=st.sampled_from(list("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩/-+ abcزهرایيکك\u200c\u064e")),
    max_size=14,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({f: _typed for f in m.FIELDS[1:]}), max_size=8))
def test_any_typed_text_is_matched_without_crashing(rows):
    records = [{"id": f"r{i}", **row} for i, row in enumerate(rows)]
    clusters = m.cluster(records)
    assert list(clusters) == [r["id"] for r in records]
    list(m.find_duplicate_pairs(records))
