"""k-anonymity of record-level extracts: properties that must hold for any data."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tavana.partners.domain.kanon import AGE, DISTRICT, STAR, anonymise, is_k_anonymous

records = st.lists(
    st.fixed_dictionaries(
        {
            "age": st.one_of(st.integers(min_value=15, max_value=90), st.none()),
            "district": st.integers(min_value=1, max_value=22),
            "courses": st.integers(min_value=0, max_value=5),
        }
    ),
    max_size=120,
)


@settings(max_examples=60)
@given(records, st.integers(min_value=1, max_value=10), st.sampled_from([0.0, 0.02, 0.1]))
def test_every_published_class_has_at_least_k_records(rows, k, share):
    out = anonymise(rows, [AGE, DISTRICT], k=k, max_suppressed=share)
    assert is_k_anonymous(out.rows, ["age", "district"], k)
    assert len(out.rows) + out.suppressed == len(rows) or not out.rows
    assert out.suppressed <= max(int(share * len(rows)), 0) or not out.rows
    assert 0.0 <= out.precision_loss <= 1.0


@settings(max_examples=60)
@given(records, st.integers(min_value=1, max_value=10))
def test_values_are_only_generalised_never_changed(rows, k):
    out = anonymise(rows, [AGE, DISTRICT], k=k)
    for i, r in zip(out.kept, out.rows, strict=True):
        original = rows[i]
        assert r["courses"] == original["courses"]  # what is not a quasi-identifier stays
        for h in (AGE, DISTRICT):
            assert r[h.name] == h.generalise(original[h.name], out.levels[h.name])


@given(records)
def test_with_k_1_nothing_is_generalised(rows):
    out = anonymise(rows, [AGE, DISTRICT], k=1)
    assert out.levels == {"age": 0, "district": 0} and out.precision_loss == 0.0
    assert out.suppressed == 0


def test_a_lone_record_is_generalised_not_published_as_is():
    rows = [{"age": 30 + i % 3, "district": 4, "courses": 1} for i in range(10)]
    rows.append({"age": 71, "district": 19, "courses": 2})  # the one who stands out
    out = anonymise(rows, [AGE, DISTRICT], k=5, max_suppressed=0.1)
    assert out.suppressed == 1 and len(out.rows) == 10
    assert {r["district"] for r in out.rows} == {"4"}  # the others keep their district
    assert {r["age"] for r in out.rows} == {"30–34"}
    strict = anonymise(rows, [AGE, DISTRICT], k=5, max_suppressed=0.0)
    assert strict.suppressed == 0 and strict.precision_loss > out.precision_loss
    assert all(r["age"] == STAR or "–" in r["age"] for r in strict.rows)


def test_fewer_than_k_records_publish_nothing():
    out = anonymise([{"age": 30, "district": 1, "courses": 0}] * 3, [AGE, DISTRICT], k=5)
    assert out.rows == [] and out.suppressed == 3
