"""Pure tests of tavana.core.domain.identifiers (no database)."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tavana.core.domain.identifiers import (
    InvalidIdentifier,
    format_mobile,
    format_sheba,
    is_valid_mobile,
    is_valid_national_code,
    is_valid_postal_code,
    is_valid_sheba,
    make_national_code,
    make_sheba,
    national_code_check_digit,
    parse_mobile,
    parse_national_code,
    parse_postal_code,
    parse_sheba,
)
from tavana.core.domain.persian_text import to_persian_digits

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def reject(parse, value):
    with pytest.raises(InvalidIdentifier) as info:
        parse(value)
    return info.value


# -------------------------------------------------------------- national code

# Check digits worked by hand: 0012345679 → sum of d*w for 001234567 with
# weights 10..2 = 0+0+8+14+18+20+20+18+14 = 112; 112 % 11 = 2 → 11-2 = 9.
VALID_CODES = ["0012345679", "1234567891", "0499370899", "0790419904", "4490123450"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_national_codes(code):
    assert parse_national_code(code) == code
    assert parse_national_code(code.translate(PERSIAN)) == code
    assert parse_national_code(code.translate(ARABIC)) == code
    assert parse_national_code(f"  {code[:3]}-{code[3:9]}-{code[9]} ") == code
    assert parse_national_code(f"{code[:3]} {code[3:9]} {code[9]}") == code
    assert is_valid_national_code(code)


def test_check_digit():
    assert national_code_check_digit("001234567") == 9
    assert national_code_check_digit("۱۲۳۴۵۶۷۸۹") == 1
    assert make_national_code("001234567") == "0012345679"


def test_dropped_leading_zeros_are_restored():
    assert parse_national_code("12345679") == "0012345679"
    assert parse_national_code("012345679") == "0012345679"
    assert parse_national_code(12345679) == "0012345679"
    assert parse_national_code(12345679.0) == "0012345679"
    assert parse_national_code("12345679.0") == "0012345679"


def test_invalid_national_codes_say_why():
    e = reject(parse_national_code, "123")
    assert e.code == "length" and "۱۰ رقم" in e.message and str(e) == e.message
    assert reject(parse_national_code, "12345678901").code == "length"
    e = reject(parse_national_code, "0012345678")
    assert e.code == "checksum" and e.message == "رقم کنترل کد ملی درست نیست"
    for same in ("0000000000", "1111111111", "۵۵۵۵۵۵۵۵۵۵"):
        e = reject(parse_national_code, same)
        assert e.code == "repeated" and "ارقام یکسان" in e.message
    assert reject(parse_national_code, "00123a4567").code == "chars"
    assert reject(parse_national_code, "").code == "empty"
    assert reject(parse_national_code, None).code == "empty"
    assert reject(parse_national_code, "1230000000").code == "invalid"  # middle six zeros
    assert not is_valid_national_code("0012345678")
    assert not is_valid_national_code(object())


def test_1111111111_would_pass_the_checksum_alone():
    # The reason all-same codes are rejected separately.
    assert national_code_check_digit("111111111") == 1
    with pytest.raises(InvalidIdentifier):
        make_national_code("111111111")


first9 = st.text(alphabet="0123456789", min_size=9, max_size=9)


def _made(nine):
    try:
        return make_national_code(nine)
    except InvalidIdentifier:
        assume(False)


@given(first9)
def test_made_codes_round_trip(nine):
    code = _made(nine)
    assert code[:9] == nine and len(code) == 10
    assert parse_national_code(code) == code
    assert parse_national_code(parse_national_code(code)) == code
    assert parse_national_code(to_persian_digits(code)) == code
    assert parse_national_code(f"{code[:3]}-{code[3:]}") == code


@given(first9, st.integers(1, 9))
def test_wrong_check_digit_is_rejected(nine, delta):
    code = _made(nine)
    wrong = code[:9] + str((int(code[9]) + delta) % 10)
    assert not is_valid_national_code(wrong)


@given(st.one_of(st.text(), st.integers(), st.floats()))
def test_national_code_parser_only_raises_invalid_identifier(value):
    try:
        out = parse_national_code(value)
    except InvalidIdentifier as e:
        assert e.message
    else:
        assert len(out) == 10 and out.isdigit() and parse_national_code(out) == out


# --------------------------------------------------------------------- mobile


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "+98 912 123 4567",
        "+98 (912) 123-4567",
        "+98 0912 123 4567",
        "0912-123-4567",
        " ۰۹۱۲ ۱۲۳ ۴۵۶۷ ",
        "٠٩١٢١٢٣٤٥٦٧",
        9121234567,
    ],
)
def test_mobile_forms(typed):
    assert parse_mobile(typed) == "09121234567"


def test_invalid_mobiles():
    assert reject(parse_mobile, "08121234567").code == "prefix"
    assert reject(parse_mobile, "0912123456").code == "length"
    assert reject(parse_mobile, "091212345678").code == "length"
    assert reject(parse_mobile, "0912abc4567").code == "chars"
    assert reject(parse_mobile, "").code == "empty"
    assert "۰۹" in reject(parse_mobile, "02112345678").message
    assert not is_valid_mobile("12345")
    assert is_valid_mobile("+989351234567")


def test_format_mobile():
    assert format_mobile("+989121234567") == "۰۹۱۲ ۱۲۳ ۴۵۶۷"
    assert format_mobile("9121234567", persian_digits=False) == "0912 123 4567"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_form_of_a_mobile_gives_one_stored_form(rest):
    n = "9" + rest
    stored = "0" + n
    forms = [
        stored,
        n,
        "+98" + n,
        "0098" + n,
        "98" + n,
        f"+98 {n[:3]} {n[3:6]} {n[6:]}",
        f"{stored[:4]}-{stored[4:7]}-{stored[7:]}",
        to_persian_digits(stored),
    ]
    assert {parse_mobile(f) for f in forms} == {stored}
    assert parse_mobile(stored) == stored


@given(st.one_of(st.text(), st.integers()))
def test_mobile_parser_only_raises_invalid_identifier(value):
    try:
        out = parse_mobile(value)
    except InvalidIdentifier as e:
        assert e.message
    else:
        assert len(out) == 11 and out.startswith("09") and parse_mobile(out) == out


# ---------------------------------------------------------------- postal code


def test_postal_code():
    assert parse_postal_code("۱۳۴۵۶-۷۸۹۱۹") == "1345678919"
    assert parse_postal_code(" 1345678919 ") == "1345678919"
    assert reject(parse_postal_code, "123456789").code == "length"
    assert reject(parse_postal_code, "12345x7890").code == "chars"
    assert "۱۰ رقم" in reject(parse_postal_code, "123").message
    assert is_valid_postal_code("1345678919") and not is_valid_postal_code("")


# ---------------------------------------------------------------------- Sheba

# A published example Sheba number (mod 97 = 1 checked by the parser).
REAL_SHEBA = "IR062960000000100324200001"


def test_valid_sheba_in_every_typing():
    assert parse_sheba(REAL_SHEBA) == REAL_SHEBA
    assert parse_sheba(REAL_SHEBA.lower()) == REAL_SHEBA
    assert parse_sheba("IR06 2960 0000 0010 0324 2000 01") == REAL_SHEBA
    assert parse_sheba("ir" + REAL_SHEBA[2:].translate(PERSIAN)) == REAL_SHEBA
    assert parse_sheba(REAL_SHEBA[2:]) == REAL_SHEBA  # bare 24 digits
    assert format_sheba(REAL_SHEBA) == "IR06 2960 0000 0010 0324 2000 01"


def test_sheba_mod97_by_hand():
    # Rearranged: BBAN + "IR"→"1827" + check digits, must be ≡ 1 (mod 97).
    bban, check = REAL_SHEBA[4:], REAL_SHEBA[2:4]
    assert int(bban + "1827" + check) % 97 == 1
    assert make_sheba(bban) == REAL_SHEBA


def test_invalid_sheba():
    assert reject(parse_sheba, "IR072960000000100324200001").code == "checksum"
    assert reject(parse_sheba, "IR06296000000010032420000").code == "length"
    assert reject(parse_sheba, "DE062960000000100324200001").code == "prefix"
    assert reject(parse_sheba, "IR06296000000010032420000X").code == "chars"
    assert reject(parse_sheba, "").code == "empty"
    assert "شبا" in reject(parse_sheba, "IR00").message
    assert not is_valid_sheba("IR072960000000100324200001")


bban22 = st.text(alphabet="0123456789", min_size=22, max_size=22)


@given(bban22)
def test_made_sheba_round_trips(bban):
    s = make_sheba(bban)
    assert len(s) == 26 and s.startswith("IR")
    assert parse_sheba(s) == s
    assert parse_sheba(parse_sheba(s)) == s
    assert parse_sheba(" ".join(s[i : i + 4] for i in range(0, 26, 4)).lower()) == s


@given(bban22, st.integers(2, 25), st.integers(1, 9))
def test_any_single_digit_error_is_caught(bban, pos, delta):
    s = make_sheba(bban)
    wrong = s[:pos] + str((int(s[pos]) + delta) % 10) + s[pos + 1 :]
    assert not is_valid_sheba(wrong)


@given(st.text())
def test_sheba_parser_only_raises_invalid_identifier(value):
    try:
        out = parse_sheba(value)
    except InvalidIdentifier as e:
        assert e.message
    else:
        assert parse_sheba(out) == out
