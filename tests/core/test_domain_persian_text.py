"""Pure tests of tavana.core.domain.persian_text (no database)."""

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tavana.core.domain.persian_text import (
    ZWNJ,
    clean,
    clean_multiline,
    dedup_key,
    search_key,
    strip_titles,
    to_ascii_digits,
    to_persian_digits,
)

ZWJ = "\u200d"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
KASHIDA = "\u0640"

# Persian letters (including the Arabic look-alikes people type) and the
# invisible or decorative characters that arrive with them.
PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئءةيكۀ"
NOISE = " " + ZWNJ + ZWJ + BIDI + DIACRITICS + KASHIDA + "\u0654\u00a0\t\n"
DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
persianish = st.text(alphabet=PERSIAN_LETTERS + NOISE + DIGITS + ".-،", max_size=40)
word = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی", min_size=1, max_size=8)


# ------------------------------------------------------------------- examples


def test_reza_pour_trio_share_one_dedup_key():
    keys = {dedup_key("رضائی\u200cپور"), dedup_key("رضایی پور"), dedup_key("رضاییپور")}
    assert keys == {"رضاییپور"}


def test_arabic_yeh_and_kaf_become_persian():
    assert clean("علي كريمي") == "علی کریمی"
    assert clean("موسى") == "موسی"
    assert search_key("علي") == search_key("علی")


def test_diacritics_and_kashida_are_removed():
    assert clean("مُحَمَّد") == "محمد"
    assert clean("مـــحـمـد") == "محمد"
    assert clean("كتابٌ") == "کتاب"
    assert clean("رحمٰن") == "رحمن"  # superscript alef


def test_bidi_marks_and_other_invisibles_are_removed():
    assert clean("\u200fسلام\u200e") == "سلام"
    assert clean("\u202bسلام\u202c") == "سلام"
    assert clean("\u2067سلام\u2069") == "سلام"
    assert clean("\ufeffزن\u200b") == "زن"
    assert clean("ز\u200dن") == "زن"  # ZWJ


def test_zwnj_kept_inside_words_only():
    assert clean("می\u200cروم") == "می\u200cروم"
    assert clean("می\u200c\u200c\u200cروم") == "می\u200cروم"
    assert clean("\u200cمی روم\u200c") == "می روم"
    assert clean("می \u200cروم") == "می روم"
    assert clean("می\u200c روم") == "می روم"
    assert clean("کتاب\u200c.") == "کتاب."


def test_whitespace_collapsed_and_stripped():
    assert clean("  فاطمه \t\n  زهرا\u00a0 ") == "فاطمه زهرا"
    assert clean(None) == ""
    assert clean("") == ""


def test_hamza_forms_stay_sensible():
    assert clean("خانهٔ ما") == "خانهٔ ما"
    assert clean("خانۀ ما") == "خانۀ ما"
    assert clean("مسیٔول") == "مسئول"
    assert clean("ا\u0654") == "أ"
    assert search_key("خانهٔ") == search_key("خانۀ") == search_key("خانه")


def test_presentation_forms_are_unfolded():
    assert clean("\ufefbله") == "لاله"  # lam-alef ligature
    assert clean("\ufbfc") == "ی"  # Farsi yeh final form
    assert clean("\ufed9") == "ک"  # kaf isolated form


def test_search_key_folds():
    assert search_key("آذر") == search_key("اذر") == "اذر"
    assert search_key("فاطمة") == "فاطمه"
    assert search_key("مؤمن") == "مومن"
    assert search_key("رئیس") == "رییس"
    assert search_key("رأی") == search_key("رای")
    assert search_key("می\u200cروم") == "می روم"
    assert search_key("Ali  REZAEI") == "ali rezaei"
    assert search_key("علی-رضا، (تهرانی)") == "علی رضا تهرانی"
    assert clean("آذر") == "آذر"  # stored text keeps آ


@pytest.mark.parametrize("text", ["۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩", "0123456789"])
def test_digits_of_each_script(text):
    assert to_ascii_digits(text) == "0123456789"
    assert to_persian_digits(text) == "۰۱۲۳۴۵۶۷۸۹"
    assert search_key(text) == "0123456789"


def test_digit_helpers_accept_any_object():
    assert to_persian_digits(1403) == "۱۴۰۳"
    assert to_persian_digits(12.5) == "۱۲.۵"
    assert to_ascii_digits(None) == ""
    assert to_ascii_digits("پلاک ۱۲ واحد ٣") == "پلاک 12 واحد 3"
    assert to_ascii_digits("\u0967\u0968") == "12"  # Devanagari


def test_clean_turns_arabic_indic_digits_persian():
    assert clean("پلاک ١٢") == "پلاک ۱۲"
    assert clean("پلاک 12") == "پلاک 12"


def test_strip_titles():
    assert strip_titles("سرکار خانم دکتر سيده فاطمه  رضایی") == "فاطمه رضایی"
    assert strip_titles("حاج‌آقا محمد") == "محمد"
    assert strip_titles("حاجیه خانم زهرا") == "زهرا"
    assert strip_titles("مهندس علی") == "علی"
    assert strip_titles("آقای  علی") == "علی"
    assert strip_titles("بانو") == "بانو"  # a first name on its own
    assert strip_titles("سیدمحمد") == "سیدمحمد"  # only whole words
    assert strip_titles("فاطمه سادات") == "فاطمه سادات"  # only leading words
    assert strip_titles(None) == ""


def test_clean_multiline_keeps_lines():
    assert clean_multiline(" خط  اول \r\n\n\n\nخط دوم\u200c \n\n") == "خط اول\n\nخط دوم"


# ----------------------------------------------------------------- properties


@given(st.text())
@example("ا\u200c\u0654")
@example("ا" + KASHIDA + "\u0654")
@example("\u1100 \u1161")
def test_never_crashes_and_is_idempotent(s):
    c = clean(s)
    assert clean(c) == c
    k = search_key(s)
    assert search_key(k) == k
    d = dedup_key(s)
    assert dedup_key(d) == d
    t = strip_titles(s)
    assert strip_titles(t) == t


@given(persianish)
def test_persianish_text_is_idempotent(s):
    c = clean(s)
    assert clean(c) == c
    assert search_key(search_key(s)) == search_key(s)
    assert dedup_key(dedup_key(s)) == dedup_key(s)


@given(st.one_of(st.text(), persianish))
def test_clean_output_has_no_noise(s):
    c = clean(s)
    assert c == c.strip()
    assert "  " not in c
    assert not any(ch in c for ch in BIDI + DIACRITICS + KASHIDA + ZWJ + "يكى\t\n")
    assert not c.startswith(ZWNJ) and not c.endswith(ZWNJ)
    assert ZWNJ * 2 not in c and " " + ZWNJ not in c and ZWNJ + " " not in c
    assert unicodedata.is_normalized("NFC", c)


@given(st.one_of(st.text(), persianish))
def test_keys_are_consistent(s):
    assert search_key(clean(s)) == search_key(s)
    assert dedup_key(s) == search_key(s).replace(" ", "")
    assert " " not in dedup_key(s)
    assert not any(ch in search_key(s) for ch in "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩" + ZWNJ)


@given(st.lists(word, min_size=1, max_size=4))
def test_dedup_key_ignores_how_words_are_joined(words):
    keys = {
        dedup_key("".join(words)),
        dedup_key(" ".join(words)),
        dedup_key(ZWNJ.join(words)),
        dedup_key(("  " + ZWNJ).join(words)),
    }
    assert len(keys) == 1


@given(word, st.sampled_from(DIACRITICS + KASHIDA + BIDI))
def test_keys_ignore_decoration(w, noise):
    decorated = noise.join(w)
    assert dedup_key(decorated) == dedup_key(w)
    assert search_key(decorated.replace("ی", "ي").replace("ک", "ك")) == search_key(w)


@given(st.text(alphabet="0123456789"))
def test_digit_round_trip(digits):
    assert to_ascii_digits(to_persian_digits(digits)) == digits
    assert to_persian_digits(to_ascii_digits(digits)) == to_persian_digits(digits)
