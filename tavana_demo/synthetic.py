"""A synthetic Persian registry with ground truth (pure Python, seeded, deterministic).

Used by the duplicate-detection benchmark and tests, and reusable by the demo
data loader. Every *person* is a woman with a valid national code, a Jalali
birth date, a father's name, a mobile, a district of Tehran (1–22) and an
address. Each person gets one or more *records*, typed the way registrars
type: Arabic ي/ك, half-space, space or nothing inside names, extra spaces,
titles (سیده، خانم), diacritics, Persian/Arabic-Indic/Latin digits, swapped
first and last names, a mistyped national code or mobile, missing fields, and
re-registration years later with a new mobile, address and district.

Hard negatives — different women who look alike — are planted on purpose:
sisters (same last name, father, address, often the same phone), twins (also
the same birth date), mother and daughter at one address, and namesakes in
other districts.

    >>> from tavana_demo.synthetic import generate
    >>> data = generate(1000, seed=7)
    >>> len(data.records), data.records[0].keys() >= {"id", "national_code"}
    (1000, True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import accumulate

from tavana.core.domain.identifiers import InvalidIdentifier, make_national_code

__all__ = [
    "FATHER_NAMES",
    "FIRST_NAMES",
    "LAST_NAMES",
    "Dataset",
    "Options",
    "Person",
    "generate",
]

# --------------------------------------------------------------------------
# Name lists (Persian ی and ک; ZWNJ where Persian writes a half-space).
# Roughly in order of frequency: the sampler gives earlier names more weight.

FIRST_NAMES = (
    "فاطمه", "زهرا", "مریم", "معصومه", "زینب", "سمیه", "اکرم", "اعظم", "طاهره",
    "راضیه", "مرضیه", "سکینه", "لیلا", "نرگس", "فرشته", "سارا", "الهام", "مهناز",
    "منیژه", "ناهید", "نسرین", "فریبا", "شهلا", "سمانه", "الهه", "مهسا", "نازنین",
    "نیلوفر", "هانیه", "حمیده", "منصوره", "محبوبه", "خدیجه", "رقیه", "صدیقه",
    "کبری", "صغری", "بتول", "ربابه", "شهناز", "فرزانه", "فاطمه زهرا", "زهرا سادات",
    "آزاده", "آرزو", "آمنه", "افسانه", "پریسا", "پروین", "ترانه", "ثریا", "جمیله",
    "حکیمه", "خاطره", "رویا", "ریحانه", "زهره", "ساره", "سپیده", "ستاره", "سعیده",
    "سهیلا", "سوسن", "سیمین", "شبنم", "شیرین", "شیما", "صبا", "طیبه", "عاطفه",
    "عفت", "عصمت", "غزاله", "فهیمه", "فرخنده", "کوثر", "کیانا", "گلناز", "لادن",
    "لاله", "محدثه", "مرجان", "مژگان", "مهدیه", "مهین", "میترا", "نجمه", "نفیسه",
    "نگار", "نوشین", "هاجر", "هما", "یاسمن", "یگانه", "ملیکه", "مائده", "مینا",
    "مهتاب", "بهاره", "بهناز", "پرستو", "پوران", "تهمینه", "ژاله", "ژیلا",
    "سودابه", "شکوه", "صدف", "طوبی", "عالیه", "فروغ", "قدسی", "کتایون", "گیتی",
    "ام‌البنین", "مهری", "اشرف", "ملوک", "منیره", "شهین", "ناهیده", "ندا", "نسیم",
    "هستی", "یلدا", "آیدا", "آناهیتا", "بهار", "پگاه", "تارا", "حدیث", "حوریه",
    "دنیا", "رعنا", "زیبا", "سحر", "سیما", "شقایق", "صنم", "عطیه", "فرناز",
    "کیمیا", "گلاره", "ماندانا", "مهرناز", "نرجس", "وحیده", "هدیه", "یاسمین",
)  # fmt: skip

FATHER_NAMES = (
    "محمد", "علی", "حسین", "حسن", "رضا", "مهدی", "احمد", "محمود", "عباس", "جواد",
    "مصطفی", "مرتضی", "ابراهیم", "اسماعیل", "یوسف", "اکبر", "اصغر", "جعفر",
    "صادق", "کاظم", "باقر", "هادی", "قاسم", "غلامرضا", "غلامحسین", "غلامعلی",
    "محمدرضا", "محمدعلی", "محمدحسین", "علیرضا", "حمید", "سعید", "مجید", "ناصر",
    "منصور", "بهروز", "فرهاد", "کریم", "رحیم", "رسول", "نادر", "داوود", "سلیمان",
    "موسی", "عیسی", "نعمت‌الله", "فتح‌الله", "روح‌الله", "حبیب‌الله", "ولی‌الله",
    "عزت‌الله", "اسدالله", "سیف‌الله", "ذبیح‌الله", "خلیل", "جلیل", "ایرج", "پرویز",
    "جمشید", "بیژن", "هوشنگ", "فریدون", "کامران", "منوچهر", "عبدالله", "عبدالرضا",
    "امیر", "ابوالفضل", "اسکندر", "شکرالله", "نصرالله", "حیدر", "قربان", "رمضان",
    "شعبان", "نوروز", "یدالله", "یعقوب", "مسعود", "بهمن", "کیومرث", "تقی", "نقی",
)  # fmt: skip

LAST_NAMES = (
    "محمدی", "حسینی", "احمدی", "رضایی", "موسوی", "کریمی", "هاشمی", "رحیمی",
    "جعفری", "صادقی", "قاسمی", "حیدری", "کاظمی", "مرادی", "عباسی", "نوری",
    "ابراهیمی", "اکبری", "زارعی", "باقری", "سلطانی", "یوسفی", "عزیزی", "ملکی",
    "شریفی", "نظری", "قربانی", "امیری", "طاهری", "فتحی", "بهرامی", "رحمانی",
    "نجفی", "کرمی", "سلیمانی", "مهدوی", "میرزایی", "اسدی", "جلالی", "خسروی",
    "یزدانی", "فرهادی", "سبحانی", "نیک‌نام", "علی‌پور", "حسن‌زاده", "حسین‌زاده",
    "قلی‌زاده", "ولی‌زاده", "محمدزاده", "رضازاده", "عبداللهی", "فرجی", "توکلی",
    "شیرازی", "تهرانی", "اصفهانی", "کرمانی", "تبریزی", "قزوینی", "کاشانی",
    "رشتی", "یزدی", "شهابی", "نادری", "منصوری", "مختاری", "مقدم", "ملک‌زاده",
    "خانی", "خلیلی", "دهقان", "دهقانی", "رستمی", "زمانی", "سعیدی", "سیفی",
    "شاکری", "صفری", "طالبی", "عسگری", "عطایی", "غفاری", "فاضلی", "قنبری",
    "کاظمیان", "گودرزی", "لطفی", "مالکی", "محبی", "مشهدی", "معینی", "نصیری",
    "نوروزی", "وحیدی", "هدایتی", "یاری", "آقایی", "آزادی", "اسماعیلی", "افشار",
    "امینی", "انصاری", "بابایی", "بیگی", "پاکزاد", "پورمحمدی", "تقوی", "ثابتی",
    "جمالی", "حاجی‌زاده", "حسنی", "حمیدی", "خدابنده", "داوودی", "ذاکری", "رجبی",
    "رنجبر", "سالاری", "سجادی", "شجاعی", "شفیعی", "صالحی", "ضیایی", "طهماسبی",
    "عرب", "علوی", "غلامی", "فرخی", "قاضی", "کامرانی", "کیانی", "گلستانی",
    "محمدپور", "مرتضوی", "مظفری", "میرزاده", "نعمتی", "واعظی", "همتی", "یعقوبی",
    "بهشتی", "جهانگیری", "دلاوری", "زندی", "شهبازی", "صمدی", "عابدی", "فلاحی",
    "قادری", "کمالی", "مهرابی", "نیکخواه", "پارسا", "چراغی", "حیدرزاده",
    "خوش‌نام", "سلطان‌زاده", "شاه‌محمدی", "عبدی", "فراهانی", "کریم‌زاده",
    "محمودی", "مومنی", "اسلامی", "اکبرزاده", "امیرخانی", "باقرزاده", "بنی‌عامری",
    "پورحسینی", "جوادی", "حاتمی", "خداداد", "درویشی", "رحمتی", "روحانی",
    "زرگر", "سبزواری", "سرابی", "شمس", "صدری", "طباطبایی", "عظیمی", "فخاری",
    "قرائی", "کشاورز", "گرجی", "مؤذن", "میرحسینی", "نجاتی", "هاشم‌زاده",
    "ابوالحسنی", "اردبیلی", "بروجردی", "تفرشی", "جلیلی", "خراسانی", "دانشور",
    "رفیعی", "زنجانی", "سمنانی", "شاهرودی", "طالقانی", "عراقی", "فیروزآبادی",
    "قمی", "کردستانی", "لاهیجی", "مازندرانی", "نائینی", "همدانی", "ورامینی",
)  # fmt: skip

STREETS = (
    "آزادی", "انقلاب", "ولیعصر", "شریعتی", "پیروزی", "دماوند", "نارمک",
    "تهران‌پارس", "جمهوری", "امام خمینی", "کارگر", "مطهری", "طالقانی", "بهار",
    "گیشا", "ستارخان", "جنت‌آباد", "پاسداران", "نیاوران", "هفت تیر", "مولوی",
    "خیام", "شوش", "نواب", "قزوین", "یافت‌آباد", "خاوران", "افسریه", "مشیریه",
    "پیامبر", "آیت‌الله کاشانی", "شهران", "سعادت‌آباد", "ونک", "میرداماد",
    "دولت", "هروی", "حکیمیه", "مجیدیه", "رسالت", "فدائیان اسلام", "۱۷ شهریور",
    "خراسان", "شهید رجایی", "بهشتی", "قصرالدشت", "فاطمی", "کریمخان", "سهروردی",
)  # fmt: skip

TITLES = ("سیده", "خانم", "سرکار خانم", "بانو", "حاجیه خانم")
_DIACRITICS = ("\u064e", "\u0650", "\u064f", "\u0651", "\u0652")  # fatha kasra damma shadda sukun
_ZWNJ = "\u200c"
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
# letters people confuse when they spell a name they only heard
_SOUND_ALIKE = {"س": "ص", "ص": "س", "ز": "ذ", "ذ": "ز", "ت": "ط", "ط": "ت", "ح": "ه", "ق": "غ"}
_MOBILE_PREFIXES = ("0912", "0912", "0935", "0936", "0937", "0938", "0939", "0919", "0901", "0902", "0910", "0990", "0921", "0922")  # fmt: skip
_NC_PREFIXES = ("001", "002", "003", "004", "005", "006", "007", "008", "011", "020", "025", "038", "044", "045")  # fmt: skip

CURRENT_YEAR = 1404  # the Jalali year the synthetic registry "is" in


def _weights(n: int, s: float = 0.9) -> list[float]:
    """Zipf-like cumulative weights: a few names are common, most are rarer."""
    return list(accumulate(1.0 / (k + 1) ** s for k in range(n)))


_FIRST_CUM = _weights(len(FIRST_NAMES))
_FATHER_CUM = _weights(len(FATHER_NAMES))
_LAST_CUM = _weights(len(LAST_NAMES), 0.7)


@dataclass(slots=True)
class Person:
    """One true woman (clean values; Jalali date as (y, m, d))."""

    key: int
    national_code: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: tuple[int, int, int]
    mobile: str
    district: int
    address: str
    sayyid: bool = False  # «سیده» is a title some of her records carry


@dataclass(slots=True)
class Dataset:
    records: list[dict[str, str]] = field(default_factory=list)
    truth: dict[str, int] = field(default_factory=dict)  # record id -> person key
    persons: list[Person] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)  # person key -> hard-negative kind
    families: dict[int, int] = field(default_factory=dict)  # person key -> its group's first key


@dataclass(slots=True)
class Options:
    """Rates; the defaults give about 1.6 records per person."""

    extra_records: tuple[float, ...] = (0.62, 0.24, 0.09, 0.05)  # P(1), P(2), P(3), P(4 records)
    family_rate: float = 0.12  # share of persons created as part of a hard-negative group
    missing_rate: float = 0.07  # per optional field of a record
    reregister_rate: float = 0.25  # a later record made years later
    swap_rate: float = 0.04
    nc_typo_rate: float = 0.06
    mobile_typo_rate: float = 0.05
    bd_typo_rate: float = 0.02
    name_typo_rate: float = 0.015


class _Gen:
    def __init__(self, seed: int, options: Options) -> None:
        self.rng = random.Random(seed)
        self.o = options
        self.codes: set[str] = set()
        self.mobiles: set[str] = set()
        self.persons: list[Person] = []
        self.kinds: dict[int, str] = {}
        self.families: dict[int, int] = {}

    # ---- clean values
    def first(self) -> str:
        return self.rng.choices(FIRST_NAMES, cum_weights=_FIRST_CUM)[0]

    def father(self) -> str:
        return self.rng.choices(FATHER_NAMES, cum_weights=_FATHER_CUM)[0]

    def last(self) -> str:
        return self.rng.choices(LAST_NAMES, cum_weights=_LAST_CUM)[0]

    def national_code(self) -> str:
        rng = self.rng
        while True:
            prefix = (
                rng.choice(_NC_PREFIXES) if rng.random() < 0.7 else f"{rng.randrange(1000):03d}"
            )
            try:
                code = make_national_code(prefix + f"{rng.randrange(1_000_000):06d}")
            except InvalidIdentifier:  # e.g. six zero middle digits
                continue
            if code not in self.codes:
                self.codes.add(code)
                return code

    def mobile(self) -> str:
        rng = self.rng
        while True:
            m = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
            if m not in self.mobiles:
                self.mobiles.add(m)
                return m

    def birth_date(self, lo: int, hi: int) -> tuple[int, int, int]:
        rng = self.rng
        y = rng.randint(lo, hi)
        m = rng.randint(1, 12)
        d = rng.randint(1, 31 if m <= 6 else 30 if m <= 11 else 29)
        return y, m, d

    def address(self) -> tuple[int, str]:
        rng = self.rng
        street = rng.choice(STREETS)
        if rng.random() < 0.5:
            alley = f"کوچه {rng.randint(1, 40)}"
        else:
            alley = f"کوچه {rng.choice(LAST_NAMES)}"
        text = f"خیابان {street}، {alley}، پلاک {rng.randint(1, 250)}"
        if rng.random() < 0.4:
            text += f"، واحد {rng.randint(1, 12)}"
        return rng.randint(1, 22), text

    def new_person(self, **fixed) -> Person:
        district, address = self.address()
        values = {
            "national_code": self.national_code(),
            "first_name": self.first(),
            "last_name": self.last(),
            "father_name": self.father(),
            "birth_date": self.birth_date(CURRENT_YEAR - 75, CURRENT_YEAR - 18),
            "mobile": self.mobile(),
            "district": district,
            "address": address,
            "sayyid": self.rng.random() < 0.08,
        }
        values.update(fixed)
        p = Person(key=len(self.persons), **values)
        self.persons.append(p)
        return p

    # ---- hard negatives
    def family(self) -> None:
        rng = self.rng
        kind = rng.choice(("sisters", "twins", "mother_daughter", "namesakes"))
        base = self.new_person()
        start = base.key
        shared_mobile = rng.random() < 0.5
        if kind in ("sisters", "twins"):
            names = {base.first_name}
            for _ in range(rng.choice((1, 1, 2))):
                first = self.first()
                while first in names:
                    first = self.first()
                names.add(first)
                if kind == "twins":
                    bd = base.birth_date
                else:
                    y, m, d = base.birth_date
                    bd = self.birth_date(
                        max(y - 12, CURRENT_YEAR - 75), min(y + 12, CURRENT_YEAR - 18)
                    )
                    while bd[0] == y:
                        bd = self.birth_date(y - 12, y + 12)
                self.new_person(
                    first_name=first,
                    last_name=base.last_name,
                    father_name=base.father_name,
                    birth_date=bd,
                    district=base.district,
                    address=base.address,
                    sayyid=base.sayyid,
                    **({"mobile": base.mobile} if shared_mobile else {}),
                )
        elif kind == "mother_daughter":
            y = base.birth_date[0]
            young = min(y + rng.randint(18, 35), CURRENT_YEAR - 1)
            father = self.father()
            while father == base.father_name:
                father = self.father()
            same_name = rng.random() < 0.1
            self.new_person(
                first_name=base.first_name if same_name else self.first(),
                last_name=base.last_name if rng.random() < 0.4 else self.last(),
                father_name=father,
                birth_date=self.birth_date(young, young),
                district=base.district,
                address=base.address,
                **({"mobile": base.mobile} if shared_mobile else {}),
            )
        else:  # namesakes in other districts
            for _ in range(rng.choice((1, 1, 2))):
                father = self.father()
                while father == base.father_name:
                    father = self.father()
                district, address = self.address()
                while district == base.district:
                    district, address = self.address()
                self.new_person(
                    first_name=base.first_name,
                    last_name=base.last_name,
                    father_name=father,
                    district=district,
                    address=address,
                )
        for p in self.persons[start:]:
            self.kinds[p.key] = kind
            self.families[p.key] = start

    # ---- typing
    def type_name(self, name: str, style: dict) -> str:
        rng = self.rng
        s = name
        if style["arabic"]:
            s = s.translate(ARABIC_LETTERS)
        if _ZWNJ in s and rng.random() < 0.5:
            s = s.replace(_ZWNJ, rng.choice((" ", "")))
        elif " " in s and rng.random() < 0.3:
            s = s.replace(" ", rng.choice((_ZWNJ, "")))
        if rng.random() < 0.03:
            pos = rng.randrange(1, len(s) + 1)
            s = s[:pos] + rng.choice(_DIACRITICS) + s[pos:]
        if rng.random() < 0.05:
            s = rng.choice(("  ", " ")) + s + rng.choice(("", " ", "  "))
        if rng.random() < 0.04 and " " in s:
            s = s.replace(" ", "  ")
        return s

    def typo_name(self, name: str) -> str:
        rng = self.rng
        spots = [i for i, c in enumerate(name) if c in _SOUND_ALIKE]
        if len(name) < 4 or not spots:
            return name
        i = rng.choice(spots)
        return name[:i] + _SOUND_ALIKE[name[i]] + name[i + 1 :]

    def digits(self, text: str, style: dict) -> str:
        return text.translate(style["digits"]) if style["digits"] else text

    def mistype_digits(self, code: str) -> str:
        rng = self.rng
        i = rng.randrange(len(code) - 1)
        if rng.random() < 0.5 and code[i] != code[i + 1]:
            return code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        j = rng.randrange(2 if code.startswith("09") else 0, len(code))
        d = rng.choice([c for c in "0123456789" if c != code[j]])
        return code[:j] + d + code[j + 1 :]

    def record(self, p: Person, rid: str, later: bool, first_record: bool) -> dict[str, str]:
        rng = self.rng
        o = self.o
        style = {
            "arabic": rng.random() < 0.25,
            "digits": rng.choices((None, _PERSIAN_DIGITS, _ARABIC_DIGITS), (0.55, 0.35, 0.1))[0],
        }
        first, last, father = p.first_name, p.last_name, p.father_name
        if not first_record and rng.random() < o.name_typo_rate:
            which = rng.randrange(3)
            if which == 0:
                first = self.typo_name(first)
            elif which == 1:
                last = self.typo_name(last)
            else:
                father = self.typo_name(father)
        first = self.type_name(first, style)
        last = self.type_name(last, style)
        father = self.type_name(father, style)
        if p.sayyid and rng.random() < 0.6:
            first = "سیده " + first
        elif rng.random() < 0.04:
            first = rng.choice(TITLES) + " " + first
        if not first_record and rng.random() < o.swap_rate:
            first, last = last, first

        nc = p.national_code
        if not first_record and rng.random() < o.nc_typo_rate:
            nc = self.mistype_digits(nc)
        elif nc.startswith("0") and rng.random() < 0.05:
            nc = nc.lstrip("0")  # a spreadsheet ate the leading zeros
        if rng.random() < 0.03:
            nc = f"{nc[:3]}-{nc[3:9]}-{nc[9:]}"

        mobile = p.mobile
        district, address = p.district, p.address
        if later:
            mobile = self.mobile() if rng.random() < 0.7 else mobile
            if rng.random() < 0.6:
                district, address = self.address()
        if not first_record and rng.random() < o.mobile_typo_rate:
            mobile = self.mistype_digits(mobile)
        fmt = rng.random()
        if fmt < 0.1:
            mobile = mobile[1:]
        elif fmt < 0.15:
            mobile = "+98" + mobile[1:]
        elif fmt < 0.18:
            mobile = "0098" + mobile[1:]
        elif fmt < 0.22:
            mobile = f"{mobile[:4]} {mobile[4:7]} {mobile[7:]}"

        y, m, d = p.birth_date
        if not first_record and rng.random() < o.bd_typo_rate:
            if d <= 12 and m != d:
                m, d = d, m
            else:
                d = d + 1 if d < 28 else d - 1
        if rng.random() < 0.5:
            bd = f"{y:04d}/{m:02d}/{d:02d}"
        elif rng.random() < 0.6:
            bd = f"{y:04d}-{m:02d}-{d:02d}"
        else:
            bd = f"{y}/{m}/{d}"

        if style["arabic"]:
            address = address.translate(ARABIC_LETTERS)
        if rng.random() < 0.2:
            address = address.replace("خیابان ", "خ ").replace("کوچه ", "ک ").replace("پلاک ", "پ ")

        row = {
            "id": rid,
            "national_code": self.digits(nc, style),
            "first_name": first,
            "last_name": last,
            "father_name": father,
            "birth_date": self.digits(bd, style),
            "mobile": self.digits(mobile, style),
            "district": self.digits(str(district), style)
            if rng.random() < 0.97
            else f"منطقه {district}",
            "address": self.digits(address, style),
        }
        # missing fields (never all identity fields at once on a first record)
        for name in ("national_code", "father_name", "birth_date", "mobile", "district", "address"):
            if rng.random() < o.missing_rate * (0.5 if first_record else 1.0):
                row[name] = ""
        if not first_record and rng.random() < o.missing_rate / 3:
            row["first_name" if rng.random() < 0.5 else "last_name"] = ""
        return row


def generate(n_records: int, seed: int = 1, options: Options | None = None) -> Dataset:
    """`n_records` records (shuffled) with the person each one describes."""
    g = _Gen(seed, options or Options())
    rng = g.rng
    o = g.o
    counts = list(range(1, len(o.extra_records) + 1))
    cum = list(accumulate(o.extra_records))
    plan: list[tuple[Person, bool, bool]] = []  # (person, later, first_record)
    while len(plan) < n_records:
        start = len(g.persons)
        if rng.random() < o.family_rate / 2.5:
            g.family()
        else:
            g.new_person()
        for p in g.persons[start:]:
            k = rng.choices(counts, cum_weights=cum)[0]
            for r in range(k):
                plan.append((p, r > 0 and rng.random() < o.reregister_rate, r == 0))
    del plan[n_records:]
    order = list(range(len(plan)))
    rng.shuffle(order)
    width = max(6, len(str(n_records)))
    data = Dataset(persons=g.persons, kinds=g.kinds, families=g.families)
    for n, idx in enumerate(order, start=1):
        p, later, first_record = plan[idx]
        rid = f"R{n:0{width}d}"
        data.records.append(g.record(p, rid, later, first_record))
        data.truth[rid] = p.key
    return data
