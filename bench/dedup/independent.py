"""A second, independent generator of Persian registry errors (for honest evaluation).

    python bench/dedup/independent.py N OUT.csv TRUTH.csv [--seed S]

Written apart from `tavana_demo.synthetic` (the generator the matcher
was first tuned on) and from the matcher itself: its own name pools and
frequencies, its own spelling-variant table, its own error kinds and rates.
OUT.csv has the contract's columns (shared/contracts/dedup.md); TRUTH.csv is
`id,person,family,kind`: records with the same `person` describe the same
woman; `family`/`kind` name the look-alike group she was planted in (twins,
sisters, mother_daughter, namesakes), empty for everyone else.

How the world looks here, and how it differs from the first generator:

- **Who**: women born 1315–1385, national codes from the whole country (not
  only Tehran's 001–008 prefixes), surnames built from roots and suffixes
  (حسن‌زاده / حسین‌زاده / حسنی / حسینی are all different families), a pool of
  older names (شوکت، نصرت، قمر، ماه‌منیر) beside modern ones, and a steeper
  frequency curve (فاطمه and زهرا are far ahead).
- **Where a record comes from**: the Center's desk (all fields), a partner's
  list (Relief Committee / Welfare: no mobile, address or district; codes
  from a spreadsheet that ate leading zeros; two-digit or year-only birth
  dates) or the campaign's self-service sign-up (no national code or father's
  name, names typed on a phone keyboard).
- **Errors**: variant spellings from this file's own table (کبری/کبرا،
  اسماعیل/اسمعیل، عبدالله/عبداله، زهرا سادات/زهرا، الموسوی/موسوی), a
  letter replaced by one that sounds alike, keyboard slips (a neighbouring
  key, a letter dropped, doubled or two letters swapped), national codes
  with adjacent or near (i, i+2) transpositions, a wrong, dropped or doubled
  digit, lost leading zeros, fields typed in the wrong column (first name in
  the surname's or father's column; the mobile in the national code's),
  two-digit years, year-only and day-first birth dates, a day/month swap or a
  mistyped year digit, partner files without contact fields, and
  re-registration years later in another district with a new mobile.
- **Look-alikes**: twins (same birth date, parents, address; a quarter with
  rhyming names such as زهرا/زهره or فاطمه/فائزه), sisters, mother and daughter
  (usually different surnames, as Iranian women keep their father's; some
  share a first name), and namesakes (same first and last name, some with
  the same father's name and some in the same district).
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

FIELDS = (
    "id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "mobile",
    "district",
    "address",
)
ZWNJ = "\u200c"

# --------------------------------------------------------------------------- names

WOMEN = """
فاطمه زهرا معصومه مریم زینب سکینه طاهره اعظم اکرم رقیه کبری صغری خدیجه بتول
سمیه مرضیه راضیه لیلا نرگس فرشته سمانه الهام حمیده منیژه مهین پروین شهناز
زهره نسرین فریده فریبا مهری شهلا ناهید سیمین ملیحه محبوبه منصوره صدیقه طیبه
نجمه سعیده عاطفه الهه مهسا نازنین نیلوفر هانیه ریحانه فائزه زکیه ثریا شوکت
عفت عصمت نصرت طلعت قمر ماه‌منیر اقدس منور ملوک فخری افسر توران ایران پوران
آمنه آزاده آرزو افسانه اشرف اعظم‌السادات پریسا پریا ترانه تهمینه جمیله حکیمه
حلیمه حوریه خاطره رویا رحیمه رضوانه زیبا ژیلا ژاله ساره سپیده ستاره سحر سودابه
سوسن سولماز سهیلا شیدا شیرین شیما صبا صفورا صنوبر ضحی طوبی عالیه عزیزه غزال
فرحناز فرخنده فروغ فرزانه فهیمه کوثر کتایون گلناز گلاب گل‌بهار لادن لاله لعیا
محدثه مرجان مژگان مهتاب مهدیه مهرانگیز مینا میترا نادیا ناهیده نجیبه ندا نسیم
نفیسه نگین نوشین وجیهه هاجر هاله هدی هما هستی یاسمن یگانه یلدا ام‌البنین
فاطمه‌زهرا زهرا‌سادات فاطمه‌سادات مهرناز مهشید بهاره بهناز بهجت بلقیس تاج‌ماه
حسنا حسنی فائقه رعنا شکوفه شقایق صدف طاهره‌سادات عطیه فرشید فریال قدسی کیمیا
گلشن گیتی لیلی ماهرخ محترم مرسده منیره مهوش میمنت نازی نیره هنگامه یاسمین
"""
MEN = """
محمد علی حسین حسن رضا مهدی احمد محمود عباس جواد مصطفی مرتضی ابراهیم اسماعیل
یوسف اکبر اصغر جعفر صادق کاظم باقر هادی قاسم غلامرضا غلامحسین غلامعلی محمدرضا
محمدعلی محمدحسین علیرضا حمید سعید مجید ناصر منصور بهروز فرهاد کریم رحیم رسول
نادر داوود سلیمان موسی عیسی یحیی نعمت‌الله فتح‌الله روح‌الله حبیب‌الله ولی‌الله
عزت‌الله اسدالله سیف‌الله ذبیح‌الله عبدالله عبدالرضا نصرالله شکرالله یدالله
خلیل جلیل ایرج پرویز جمشید بیژن هوشنگ فریدون منوچهر امیر ابوالفضل اسکندر حیدر
قربان رمضان شعبان نوروز یعقوب مسعود بهمن تقی نقی علی‌اکبر علی‌اصغر محسن مهران
سهراب رستم بهرام کیومرث ضیاءالدین علاءالدین نجف مراد قدرت نصرت عزیز لطف‌الله
حجت حشمت رحمت نعمت صفر مختار ذوالفقار طاهر ظاهر صمد احد واحد عبدالحسین ابوالقاسم
"""
ROOTS = """
حسن حسین محمد احمد علی رضا کریم رحیم جعفر قاسم اکبر اصغر عباس موسی یوسف ابراهیم
اسماعیل صادق باقر کاظم نور امیر ملک شاه سلطان فرج نجف مراد قربان رمضان شعبان نصر
فتح ولی قلی بابا آقا حاجی عزیز رحمان سلیمان یعقوب داوود مهدی هادی طاهر صالح ذاکر
فاضل شریف نظر بهرام رستم خسرو فرهاد جمال کمال جلال شجاع حمید مجید سعید منصور
"""
SUFFIXES = ("ی", "زاده", "پور", "یان", "نژاد", "فر", "نیا", "لو", "وند")

PLAIN_SURNAMES = """
موسوی حسینی هاشمی طباطبایی میرزایی رضایی تهرانی اصفهانی شیرازی کرمانی تبریزی
قزوینی کاشانی یزدی رشتی همدانی اردبیلی زنجانی سمنانی خراسانی لاهیجی نائینی
صدر شمس امین نوروزی عرب ترک کرد بلوچ لر گیلانی مازندرانی دهقان کشاورز آهنگر
نجار زرگر خیاط عطار بزاز صراف قناد جهانگیری بختیاری قشقایی افشار زند قاجار
سادات میرحسینی میرمحمدی میرباقری شاهرخی امیری طاهری صالحی ذاکری قاسمی
"""


def _words(block: str) -> list[str]:
    return block.split()


def surname(root: str, suffix: str) -> str:
    if suffix == "ی":
        if root.endswith("ی"):
            return root[:-1] + "وی"  # موسی → موسوی
        return root + ("یی" if root.endswith("ا") else "ی")  # رضا → رضایی
    if suffix in ("زاده", "پور", "نژاد", "نیا"):
        return root + ZWNJ + suffix
    return root + suffix


FIRST = list(dict.fromkeys(_words(WOMEN)))
FATHER = list(dict.fromkeys(_words(MEN)))
ROOT_NAMES = list(dict.fromkeys(_words(ROOTS)))
PLAIN = list(dict.fromkeys(_words(PLAIN_SURNAMES)))
SUFFIX_WEIGHTS = (10, 4, 3, 2, 1, 1, 1, 0.5, 0.5)

# This generator's own table of spellings a registrar actually writes.
VARIANTS = {
    "کبری": ["کبرا"], "صغری": ["صغرا"], "طوبی": ["طوبا"], "لیلا": ["لیلی"], "هدی": ["هدا"],
    "ضحی": ["ضحا"], "فاطمه": ["فاطمة"], "معصومه": ["معصومة"], "راضیه": ["راضیة"],
    "رقیه": ["رقیة", "رغیه"], "سمیه": ["سمیّه", "سومیه"], "مرضیه": ["مرزیه"],
    "طاهره": ["تاهره"], "صدیقه": ["صدیغه", "سدیقه"], "حمیده": ["همیده"], "ملیحه": ["ملیهه"],
    "عصمت": ["عصمه"], "نصرت": ["نصره"], "بهجت": ["بهجه"], "ثریا": ["سریا", "ثریّا"],
    "آمنه": ["امنه"], "آزاده": ["ازاده"], "آرزو": ["ارزو"], "الهام": ["إلهام"],
    "ام‌البنین": ["ام البنین", "امالبنین", "ام‌ البنین", "ام‌البنین سادات"],
    "فاطمه‌زهرا": ["فاطمه زهرا", "فاطمهزهرا"], "زهرا‌سادات": ["زهرا سادات", "زهرا"],
    "فاطمه‌سادات": ["فاطمه", "فاطمه سادات"], "طاهره‌سادات": ["طاهره", "طاهره سادات"],
    "اعظم‌السادات": ["اعظم السادات", "اعظم"], "ماه‌منیر": ["ماه منیر", "ماهمنیر"],
    "گل‌بهار": ["گل بهار", "گلبهار"], "تاج‌ماه": ["تاج ماه", "تاجماه"], "ضیاءالدین": ["ضیاالدین"],
    "اسماعیل": ["اسمعیل"], "ابراهیم": ["ابرهیم"], "مرتضی": ["مرتضا"], "مصطفی": ["مصطفا"],
    "موسی": ["موسا"], "عیسی": ["عیسا"], "یحیی": ["یحیا"], "داوود": ["داود"],
    "عبدالله": ["عبداله", "عبد الله"], "نصرالله": ["نصراله", "نصر الله"],
    "روح‌الله": ["روح اله", "روحاله"], "غلامرضا": ["غلام رضا", "غلام‌رضا"],
    "غلامحسین": ["غلام حسین"], "محمدرضا": ["محمد رضا"], "علی‌اکبر": ["علی اکبر", "علیاکبر"],
    "ذبیح‌الله": ["زبیح‌الله", "ذبیح الله"], "علاءالدین": ["علاالدین"], "صادق": ["سادق"],
    "ذوالفقار": ["ذولفقار"], "ابوالقاسم": ["ابولقاسم", "ابوالغاسم"], "طاهر": ["تاهر"],
    "موسوی": ["الموسوی"], "حسینی": ["الحسینی"], "هاشمی": ["الهاشمی"],
    "طباطبایی": ["طباطبائی"], "رضایی": ["رضائی"], "میرزایی": ["میرزائی"],
    "طاهری": ["تاهری"], "صالحی": ["سالحی"], "ذاکری": ["زاکری"], "قاسمی": ["غاسمی"],
}  # fmt: skip

# Twins given rhyming names.
TWIN_NAMES = (
    ("زهرا", "زهره"), ("مهلا", "مهسا"), ("مریم", "مرضیه"), ("فاطمه", "فائزه"),
    ("سمیه", "سمانه"), ("لیلا", "لاله"), ("ندا", "نگار"), ("الهام", "الهه"),
    ("نرگس", "نسرین"), ("مهسا", "مهتاب"),
)  # fmt: skip

# Letters a registrar writes for one another when she spells a name she heard.
SOUNDS = {
    "س": "صث", "ص": "سث", "ث": "سص", "ز": "ذضظ", "ذ": "ز", "ض": "ز", "ظ": "ز",
    "ت": "ط", "ط": "ت", "ح": "ه", "ه": "ح", "ق": "غ", "غ": "ق", "ع": "ا", "ا": "ع",
}  # fmt: skip

# The standard Persian keyboard (ISIRI 9147), row by row.
_ROWS = ("ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو")
_SHIFT = (0.0, 0.3, 0.8)
_POS = {c: (r, i + _SHIFT[r]) for r, row in enumerate(_ROWS) for i, c in enumerate(row)}
NEIGHBOURS = {
    c: "".join(
        d for d, (r2, x2) in _POS.items() if d != c and abs(r2 - r) <= 1 and abs(x2 - x) <= 1.0
    )
    for c, (r, x) in _POS.items()
}

STREETS = """
ولیعصر انقلاب آزادی شریعتی دماوند پیروزی نارمک کارگر جمهوری مطهری طالقانی بهار
ستارخان پاسداران نیاوران مولوی خیام شوش نواب قزوین خاوران افسریه مشیریه پیامبر
شهران ونک میرداماد دولت هروی حکیمیه مجیدیه رسالت فاطمی کریمخان سهروردی جیحون
امیرآباد یوسف‌آباد سعادت‌آباد شهرک‌غرب تهرانپارس نظام‌آباد هاشمی بریانک
"""

_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})


def _check_digit(nine: str) -> int:
    r = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
    return r if r < 2 else 11 - r


def _cum(n: int, s: float) -> list[float]:
    return list(accumulate(1.0 / (k + 1) ** s for k in range(n)))


# ------------------------------------------------------------------------- persons


@dataclass(slots=True)
class Woman:
    key: int
    code: str
    first: str
    last: str
    father: str
    born: tuple[int, int, int]
    mobile: str
    district: int
    address: str
    family: int | None = None
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Rates:
    """Error rates (per record; `later` records — not the first — carry most)."""

    records: tuple[float, ...] = (0.74, 0.17, 0.06, 0.02, 0.01)  # P(1..5 records)
    lookalike: float = 0.06  # share of new persons that start a look-alike group
    partner: float = 0.22  # a later record comes from a partner's list
    campaign: float = 0.08  # ... or from the campaign's self-service sign-up
    reregister: float = 0.3  # a later desk record made years later
    variant: float = 0.07  # per name field
    sound: float = 0.03  # per name field
    keyboard: float = 0.025  # per name field
    swap_first_last: float = 0.03
    swap_first_father: float = 0.012
    code_typo: float = 0.09
    code_missing: float = 0.08
    code_in_mobile_column: float = 0.004
    date_missing: float = 0.06
    two_digit_year: float = 0.07
    year_only: float = 0.05
    day_first: float = 0.03
    date_typo: float = 0.04
    mobile_missing: float = 0.08
    mobile_typo: float = 0.03
    father_missing: float = 0.06


class _World:
    def __init__(self, seed: int, rates: Rates) -> None:
        self.rng = random.Random(seed)
        self.r = rates
        self.women: list[Woman] = []
        self.codes: set[str] = set()
        self.mobiles: set[str] = set()
        rng = random.Random(seed * 7919 + 1)  # name frequencies differ from seed to seed a little
        self.first_pool = FIRST[:]
        rng.shuffle(self.first_pool[12:])  # the dozen most common names stay on top
        self.roots = ROOT_NAMES[:]
        rng.shuffle(self.roots)
        self.plain = PLAIN[:]
        rng.shuffle(self.plain)
        self.father_pool = FATHER[:]
        self.first_cum = _cum(len(self.first_pool), 1.05)
        self.root_cum = _cum(len(self.roots), 0.7)
        self.plain_cum = _cum(len(self.plain), 0.7)
        self.father_cum = _cum(len(self.father_pool), 1.0)
        self.streets = _words(STREETS)

    # ---- clean values
    def first(self) -> str:
        return self.rng.choices(self.first_pool, cum_weights=self.first_cum)[0]

    def last(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choices(self.plain, cum_weights=self.plain_cum)[0]
        root = rng.choices(self.roots, cum_weights=self.root_cum)[0]
        return surname(root, rng.choices(SUFFIXES, SUFFIX_WEIGHTS)[0])

    def father(self) -> str:
        return self.rng.choices(self.father_pool, cum_weights=self.father_cum)[0]

    def code(self) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.45:
                prefix = f"{rng.randint(1, 8):03d}"  # Tehran
            else:
                prefix = f"{rng.randint(10, 699):03d}"
            nine = prefix + f"{rng.randrange(1, 1_000_000):06d}"
            code = nine + str(_check_digit(nine))
            if code not in self.codes and len(set(code)) > 1:
                self.codes.add(code)
                return code

    def mobile(self) -> str:
        rng = self.rng
        while True:
            m = "09" + rng.choice(("12", "13", "19", "35", "36", "37", "38", "39", "01", "02", "90", "91", "33", "22")) + f"{rng.randrange(10**7):07d}"  # fmt: skip
            if m not in self.mobiles:
                self.mobiles.add(m)
                return m

    def born(self, lo: int = 1315, hi: int = 1385) -> tuple[int, int, int]:
        rng = self.rng
        y = rng.randint(lo, hi)
        m = rng.randint(1, 12)
        return y, m, rng.randint(1, 31 if m <= 6 else 30 if m < 12 else 29)

    def home(self) -> tuple[int, str]:
        rng = self.rng
        district = rng.randint(1, 22)
        street = rng.choice(self.streets)
        lane = rng.choice(
            (f"کوچه {rng.randint(1, 60)}", f"کوچه {self.last()}", f"بن‌بست {rng.randint(1, 20)}")
        )
        text = f"{street}، {lane}، پلاک {rng.randint(1, 400)}"
        if rng.random() < 0.5:
            text += f"، طبقه {rng.randint(1, 6)}"
        return district, text

    def woman(self, **fixed) -> Woman:
        district, address = self.home()
        values = dict(
            code=self.code(),
            first=self.first(),
            last=self.last(),
            father=self.father(),
            born=self.born(),
            mobile=self.mobile(),
            district=district,
            address=address,
        )
        values.update(fixed)
        w = Woman(key=len(self.women), **values)
        self.women.append(w)
        return w

    def other(self, pick, *avoid: str) -> str:
        """A value that is none of `avoid`, nor written like one of them (this file's
        own variant table: twins are never named فاطمه‌سادات and فاطمه)."""
        taken = set(avoid)
        for name in avoid:
            taken.update(VARIANTS.get(name, ()))
        taken.update(k for k, forms in VARIANTS.items() if taken & set(forms))
        value = pick()
        while value in taken:
            value = pick()
        return value

    # ---- look-alike groups
    def lookalikes(self) -> None:
        rng = self.rng
        kind = rng.choices(("twins", "sisters", "mother_daughter", "namesakes"), (3, 3, 2, 3))[0]
        base = self.woman()
        start = base.key
        share = {"mobile": base.mobile} if rng.random() < 0.6 else {}
        if kind == "twins":
            if rng.random() < 0.25:
                a, b = rng.choice(TWIN_NAMES)
                base.first = a
            else:
                b = self.other(self.first, base.first)
            self.woman(first=b, last=base.last, father=base.father, born=base.born,
                       district=base.district, address=base.address, **share)  # fmt: skip
        elif kind == "sisters":
            names = {base.first}
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                first = self.other(self.first, *names)
                names.add(first)
                y = base.born[0]
                born = self.born(max(1315, y - 15), min(1385, y + 15))
                while born[0] == y:
                    born = self.born(max(1315, y - 15), min(1385, y + 15))
                self.woman(first=first, last=base.last, father=base.father, born=born,
                           district=base.district, address=base.address,
                           **(share if rng.random() < 0.5 else {}))  # fmt: skip
        elif kind == "mother_daughter":
            y = base.born[0]
            if y > 1360:
                base.born = self.born(1320, 1360)
                y = base.born[0]
            young = min(y + rng.randint(17, 32), 1385)
            self.woman(
                first=base.first if rng.random() < 0.15 else self.other(self.first, base.first),
                last=base.last if rng.random() < 0.3 else self.other(self.last, base.last),
                father=self.other(self.father, base.father),
                born=self.born(young, young),
                district=base.district,
                address=base.address,
                **share,
            )
        else:  # namesakes
            for _ in range(rng.choice((1, 1, 2))):
                same_father = rng.random() < 0.12
                near = rng.random() < 0.25
                district, address = self.home()
                self.woman(
                    first=base.first,
                    last=base.last,
                    father=base.father if same_father else self.other(self.father, base.father),
                    district=base.district if near else district,
                    address=address,
                )
        for w in self.women[start:]:
            w.family, w.kind = start, kind

    # ---- typing
    def variant(self, name: str) -> str:
        options = VARIANTS.get(name)
        return self.rng.choice(options) if options else name

    def sound(self, name: str) -> str:
        spots = [i for i, c in enumerate(name) if c in SOUNDS and i > 0]
        if len(name) < 4 or not spots:
            return name
        i = self.rng.choice(spots)
        return name[:i] + self.rng.choice(SOUNDS[name[i]]) + name[i + 1 :]

    def slip(self, name: str) -> str:
        rng = self.rng
        letters = [i for i, c in enumerate(name) if c in NEIGHBOURS]
        if len(name) < 4 or not letters:
            return name
        i = rng.choice(letters[1:] or letters)
        kind = rng.random()
        if kind < 0.45:
            return name[:i] + rng.choice(NEIGHBOURS[name[i]]) + name[i + 1 :]
        if kind < 0.7:
            return name[:i] + name[i + 1 :]
        if kind < 0.85:
            return name[:i] + name[i] + name[i:]
        if i + 1 < len(name) and name[i + 1] not in (" ", ZWNJ):
            return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        return name

    def spell(self, name: str, style: dict, later: bool) -> str:
        rng = self.rng
        r = self.r
        scale = 1.0 if later else 0.3
        if rng.random() < r.variant * scale:
            name = self.variant(name)
        if rng.random() < r.sound * scale:
            name = self.sound(name)
        if rng.random() < r.keyboard * scale * style["keyboard"]:
            name = self.slip(name)
        if ZWNJ in name and rng.random() < 0.6:
            name = name.replace(ZWNJ, rng.choice(("", " ", " ")))
        if style["arabic"]:
            name = name.translate(_ARABIC_LETTERS)
        if rng.random() < 0.03:
            name = f" {name} "
        return name

    def type_code(self, code: str, style: dict, later: bool) -> str:
        rng = self.rng
        if later and rng.random() < self.r.code_typo:
            i = rng.randrange(9)
            kind = rng.random()
            if kind < 0.4 and code[i] != code[i + 1]:
                code = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            elif kind < 0.55 and i < 8 and code[i] != code[i + 2]:
                code = code[:i] + code[i + 2] + code[i + 1] + code[i] + code[i + 3 :]
            elif kind < 0.85:
                code = (
                    code[:i] + rng.choice([d for d in "0123456789" if d != code[i]]) + code[i + 1 :]
                )
            elif kind < 0.93:
                code = code[:i] + code[i + 1 :]
            else:
                code = code[:i] + code[i] + code[i:]
        if style["spreadsheet"] and code.startswith("0"):
            code = code.lstrip("0")
        if rng.random() < 0.04:
            code = f"{code[:3]}-{code[3:9]}-{code[9:]}" if len(code) == 10 else " ".join(code)
        return code.translate(style["digits"])

    def type_date(self, born: tuple[int, int, int], style: dict, later: bool) -> str:
        rng = self.rng
        r = self.r
        y, m, d = born
        if later and rng.random() < r.date_typo:
            kind = rng.random()
            if kind < 0.35 and d <= 12 and d != m:
                m, d = d, m
            elif kind < 0.6:
                d = d + 1 if d < 29 else d - 1
            elif kind < 0.85:
                y = int(str(y)[:3] + rng.choice([c for c in "0123456789" if c != str(y)[3]]))
            else:
                s = str(y)
                y = int(s[:2] + s[3] + s[2]) if s[2] != s[3] else y
        roll = rng.random()
        if roll < r.year_only * style["vague"]:
            text = f"{y}"
        elif roll < (r.year_only + r.two_digit_year) * style["vague"]:
            text = f"{y % 100:02d}/{m:02d}/{d:02d}"
        elif roll < (r.year_only + r.two_digit_year) * style["vague"] + r.day_first:
            text = f"{d:02d}/{m:02d}/{y}"
        else:
            sep = rng.choice("//-")
            text = f"{y}{sep}{m:02d}{sep}{d:02d}" if rng.random() < 0.6 else f"{y}{sep}{m}{sep}{d}"
        return text.translate(style["digits"])

    def type_mobile(self, mobile: str, style: dict, later: bool) -> str:
        rng = self.rng
        if later and rng.random() < self.r.mobile_typo:
            i = rng.randrange(2, 10)
            if rng.random() < 0.5 and mobile[i] != mobile[i + 1]:
                mobile = mobile[:i] + mobile[i + 1] + mobile[i] + mobile[i + 2 :]
            else:
                mobile = mobile[:i] + rng.choice("0123456789") + mobile[i + 1 :]
        fmt = rng.random()
        if fmt < 0.12:
            mobile = "+98" + mobile[1:]
        elif fmt < 0.2:
            mobile = mobile[1:]
        elif fmt < 0.26:
            mobile = f"{mobile[:4]}-{mobile[4:7]}-{mobile[7:]}"
        return mobile.translate(style["digits"])

    def record(self, w: Woman, rid: str, later: bool) -> dict[str, str]:
        rng = self.rng
        r = self.r
        source = "desk"
        if later:
            roll = rng.random()
            source = "partner" if roll < r.partner else "campaign" if roll < r.partner + r.campaign else "desk"  # fmt: skip
        style = {
            "arabic": rng.random() < (0.35 if source == "partner" else 0.15),
            "digits": rng.choices((str.maketrans({}), _PERSIAN, _ARABIC), (0.5, 0.4, 0.1))[0],
            "spreadsheet": source == "partner" and rng.random() < 0.5,
            "vague": 3.0 if source == "partner" else 1.5 if source == "campaign" else 1.0,
            "keyboard": 2.0 if source == "campaign" else 1.0,
        }
        first = self.spell(w.first, style, later)
        last = self.spell(w.last, style, later)
        father = self.spell(w.father, style, later)
        mobile, district, address = w.mobile, w.district, w.address
        if later and source == "desk" and rng.random() < r.reregister:
            mobile = self.mobile() if rng.random() < 0.8 else mobile
            moved_to, address = self.home()
            district = moved_to if rng.random() < 0.85 else district
        row = {
            "id": rid,
            "national_code": self.type_code(w.code, style, later),
            "first_name": first,
            "last_name": last,
            "father_name": father,
            "birth_date": self.type_date(w.born, style, later),
            "mobile": self.type_mobile(mobile, style, later),
            "district": (str(district) if rng.random() < 0.9 else f"منطقه {district}").translate(style["digits"]),
            "address": address.translate(style["digits"]) if not style["arabic"] else address.translate(_ARABIC_LETTERS),
        }  # fmt: skip
        if later and rng.random() < r.swap_first_last:
            row["first_name"], row["last_name"] = row["last_name"], row["first_name"]
        elif later and rng.random() < r.swap_first_father:
            row["first_name"], row["father_name"] = row["father_name"], row["first_name"]
        if later and rng.random() < r.code_in_mobile_column:
            row["national_code"], row["mobile"] = row["mobile"], row["national_code"]
        if source == "partner":
            row["mobile"] = row["address"] = row["district"] = ""
        elif source == "campaign":
            row["national_code"] = row["father_name"] = ""
        scale = 1.0 if later else 0.4
        if rng.random() < r.code_missing * scale:
            row["national_code"] = ""
        if rng.random() < r.date_missing * scale:
            row["birth_date"] = ""
        if rng.random() < r.mobile_missing * scale:
            row["mobile"] = ""
        if rng.random() < r.father_missing * scale:
            row["father_name"] = ""
        if later and rng.random() < 0.05:
            row["address"] = ""
        return row


def generate(n: int, seed: int, rates: Rates | None = None):
    """`n` shuffled records; returns (records, truth id -> woman, women)."""
    world = _World(seed, rates or Rates())
    rng = world.rng
    counts = list(range(1, len(world.r.records) + 1))
    cum = list(accumulate(world.r.records))
    plan: list[tuple[Woman, bool]] = []
    while len(plan) < n:
        start = len(world.women)
        if rng.random() < world.r.lookalike:
            world.lookalikes()
        else:
            world.woman()
        for w in world.women[start:]:
            k = rng.choices(counts, cum_weights=cum)[0]
            plan += [(w, i > 0) for i in range(k)]
    del plan[n:]
    rng.shuffle(plan)
    width = max(6, len(str(n)))
    records, truth = [], {}
    for i, (w, later) in enumerate(plan, start=1):
        rid = f"B{i:0{width}d}"
        records.append(world.record(w, rid, later))
        truth[rid] = w
    return records, truth


def write(n: int, out: Path, truth_path: Path, seed: int) -> None:
    records, truth = generate(n, seed)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    with truth_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("id", "person", "family", "kind"))
        writer.writerows(
            (rid, w.key, "" if w.family is None else w.family, w.kind) for rid, w in truth.items()
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write(args.n, args.out, args.truth, args.seed)


if __name__ == "__main__":
    main()
