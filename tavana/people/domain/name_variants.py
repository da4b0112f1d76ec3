"""Persian name knowledge for record matching, kept as data (pure Python, no Django).

Everything here works on *name keys*: `persian_text.dedup_key` of the name as
typed, titles stripped (so Arabic ي/ك, half-spaces, spaces, diacritics and
آ/ا are already folded). On top of that this module knows:

``variant_key(key, kind)``
    One spelling for the forms registrars write for the same name: the
    table of equivalent spellings (`EQUIVALENT`: اسماعیل/اسمعیل،
    ابراهیم/ابرهیم، داوود/داود، ...), final ی read as «ا» (کبری/کبرا،
    مرتضی/مرتضا), a final ت/ة written ه (عصمت/عصمه), «الله»/«اله»,
    titles and honorifics glued to the name (سیده‌زهرا، زهراسادات،
    اشرف‌السادات، فاطمه‌بیگم), and for surnames the Arabic article «ال»
    (الموسوی/موسوی). Compound names with and without a space or half-space
    are one key already.

``phonetic_key(variant)``
    The variant key with letters that sound alike folded into one class:
    ث/س/ص، ذ/ز/ض/ظ، ت/ط، ح/ه، ق/غ, and ع/ا/ء (how a name heard and then
    spelled is written). Equal phonetic keys mean "spelled by ear".

``keyboard_neighbours(a, b)``
    The two letters are neighbouring keys on the standard Persian keyboard
    (ISIRI 9147), so one replaced by the other is a slip of the finger.

``is_known_name(key, kind)``
    The key is a common name of that kind (a first name, a man's name for the
    father's column, or a surname — common surnames and the usual
    construction root + «ی/زاده/پور/یان/نژاد/...» from a given name), or a
    compound of two known names. Two *different* known names a letter apart
    (زهرا/زهره، حسن/حسین، محمدی/احمدی) are two names, not a typo.

The lists are the names a registrar of Tehran meets most; they are data, to
be extended as the registry shows new forms.
"""

from __future__ import annotations

from functools import lru_cache

from tavana.core.domain.persian_text import dedup_key

__all__ = [
    "FATHER",
    "FIRST",
    "KINDS",
    "LAST",
    "is_known_name",
    "keyboard_neighbours",
    "phonetic_key",
    "split_compound",
    "title_suffix",
    "variant_key",
]

FIRST, FATHER, LAST = "first", "father", "last"
KINDS = (FIRST, LAST, FATHER)

# -------------------------------------------------------------------- spellings

# Each line: the spellings of one name (the first is the one the key uses).
_EQUIVALENT_LINES = """
اسماعیل اسمعیل
ابراهیم ابرهیم
اسحاق اسحق
رحمان رحمن
عبدالرحمان عبدالرحمن
طاها طه
مؤمن مومن
"""
# Names whose final ی is read «ا» (alef maqsura), written either way.
_ALEF_MAQSURA = """
کبری صغری طوبی لیلی هدی ضحی سلمی حسنی یسری بشری رعنی عظمی
مرتضی مصطفی مجتبی موسی عیسی یحیی مرتضی مقتدی
"""
_TITLE_PREFIXES = ("سیده", "سید", "حاجیه", "بیبی")  # glued to the name: سیده‌زهرا
_TITLE_SUFFIXES = ("السادات", "سادات", "بیگم", "خانم")
_ARTICLE = "ال"

# Letter classes that sound alike (ث ص → س، ذ ض ظ → ز، ط → ت، ح → ه، غ → ق، ع ء → ا).
SOUND_CLASSES = str.maketrans("ثصذضظطحغعء", "سسزززتهقاا")


def _load_equivalents() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _EQUIVALENT_LINES.strip().splitlines():
        keys = [dedup_key(w) for w in line.split()]
        for k in keys[1:]:
            out.setdefault(k, keys[0])
    for word in _ALEF_MAQSURA.split():
        k = dedup_key(word)
        out.setdefault(k[:-1] + "ا", k)
    return out


EQUIVALENT = _load_equivalents()
_PREFIX_KEYS = tuple(dedup_key(w) for w in _TITLE_PREFIXES)
_SUFFIX_KEYS = tuple(dedup_key(w) for w in _TITLE_SUFFIXES)


def title_suffix(key: str) -> str | None:
    """The title a name key ends with («زهراسادات» → «سادات»), or None.

    In a birth certificate «زهرا سادات» is the registered name, a compound: the
    comparison treats «زهرا» / «زهرا سادات» as part of a compound (evidence,
    but not the exact name), while blocking and name counts see one name.
    """
    for suffix in _SUFFIX_KEYS:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return suffix
    return None


@lru_cache(maxsize=200_000)
def variant_key(key: str, kind: str = FIRST) -> str:
    """One spelling for the forms of the same name (see module doc)."""
    k = key
    suffix = title_suffix(k)
    if suffix:
        k = k[: -len(suffix)]
    for prefix in _PREFIX_KEYS:
        if k.startswith(prefix) and len(k) - len(prefix) >= 3 and kind != LAST:
            k = k[len(prefix) :]
            break
    if kind == LAST and k.startswith(_ARTICLE) and is_known_name(k[2:], LAST):
        k = k[2:]  # الموسوی → موسوی (but الیاسی, الماسی stay)
    k = k.replace("الله", "اله").replace("وو", "و")
    k = EQUIVALENT.get(k, k)
    if len(k) >= 3 and k[-1] in "تة":
        k = k[:-1] + "ه"
    return EQUIVALENT.get(k, k)


@lru_cache(maxsize=200_000)
def phonetic_key(variant: str) -> str:
    """The variant key with sound-alike letters folded into one class."""
    return variant.translate(SOUND_CLASSES)


# ------------------------------------------------------------------ the keyboard

# The standard Persian keyboard (ISIRI 9147), its three letter rows, each row
# offset to the right of the one above it.
_ROWS = ("ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو")
_OFFSET = (0.0, 0.25, 0.75)
_KEY_AT = {c: (r, i + _OFFSET[r]) for r, row in enumerate(_ROWS) for i, c in enumerate(row)}


def keyboard_neighbours(a: str, b: str) -> bool:
    """Letters on touching keys (same row side by side, or the row above/below)."""
    pa, pb = _KEY_AT.get(a), _KEY_AT.get(b)
    if pa is None or pb is None or a == b:
        return False
    return abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1.0


# -------------------------------------------------------------------- known names

_WOMEN = """
فاطمه زهرا مریم معصومه زینب سمیه اکرم اعظم طاهره راضیه مرضیه سکینه لیلا نرگس
فرشته سارا الهام مهناز منیژه ناهید نسرین فریبا شهلا سمانه الهه مهسا نازنین نیلوفر
هانیه حمیده منصوره محبوبه خدیجه رقیه صدیقه کبری صغری بتول ربابه شهناز فرزانه
آزاده آرزو آمنه افسانه پریسا پروین ترانه ثریا جمیله حکیمه خاطره رویا ریحانه زهره
ساره سپیده ستاره سعیده سهیلا سوسن سیمین شبنم شیرین شیما صبا طیبه عاطفه عفت عصمت
غزاله فهیمه فرخنده کوثر کیانا گلناز لادن لاله محدثه مرجان مژگان مهدیه مهین میترا
نجمه نفیسه نگار نوشین هاجر هما یاسمن یگانه ملیکه مائده مینا مهتاب بهاره بهناز
پرستو پوران تهمینه ژاله ژیلا سودابه شکوه صدف طوبی عالیه فروغ قدسی کتایون گیتی
ام‌البنین مهری اشرف ملوک منیره شهین ناهیده ندا نسیم هستی یلدا آیدا آناهیتا بهار
پگاه تارا حدیث حوریه دنیا رعنا زیبا سحر سیما شقایق صنم عطیه فرناز کیمیا گلاره
ماندانا مهرناز نرجس وحیده هدیه یاسمین فریده ملیحه فائزه زکیه شوکت نصرت طلعت قمر
منور اقدس فخری افسر توران ایران پریا حلیمه رحیمه رضوانه سولماز شیدا صفورا صنوبر
ضحی عزیزه غزال فرحناز لعیا مهرانگیز نادیا نجیبه نگین وجیهه هاله هدی بهجت بلقیس
حسنا حسنی فائقه شکوفه صدف فریال گلشن لیلی ماهرخ محترم مرسده مهوش میمنت نازی نیره
هنگامه مهشید گلاب ماه‌منیر تاج‌ماه گل‌بهار مهرو ماهرو شهربانو گوهر مرمر فرنگیس
خورشید اختر پروانه کوکب عشرت عذرا حاجیه سلطنت شمسی قدرت مهرانگیز نیره نصرت
بنفشه یاس یاسمن نسترن نیلا آتنا آوا النا باران ترنم رها ستایش سوگند فاطیما کوثر
مبینا محیا مهدیس نازگل هلیا یکتا زینت فرح فریده منیر منیژه ویدا شراره شهرزاد
"""
_MEN = """
محمد علی حسین حسن رضا مهدی احمد محمود عباس جواد مصطفی مرتضی ابراهیم اسماعیل یوسف
اکبر اصغر جعفر صادق کاظم باقر هادی قاسم غلامرضا غلامحسین غلامعلی محمدرضا محمدعلی
محمدحسین علیرضا حمید سعید مجید ناصر منصور بهروز فرهاد کریم رحیم رسول نادر داوود
سلیمان موسی عیسی یحیی نعمت‌الله فتح‌الله روح‌الله حبیب‌الله ولی‌الله عزت‌الله اسدالله
سیف‌الله ذبیح‌الله خلیل جلیل ایرج پرویز جمشید بیژن هوشنگ فریدون کامران منوچهر عبدالله
عبدالرضا امیر ابوالفضل اسکندر شکرالله نصرالله حیدر قربان رمضان شعبان نوروز یدالله
یعقوب مسعود بهمن کیومرث تقی نقی علی‌اکبر علی‌اصغر محسن مهران سهراب رستم بهرام
ضیاءالدین علاءالدین نجف مراد قدرت نصرت عزیز لطف‌الله حجت حشمت رحمت نعمت صفر مختار
ذوالفقار طاهر ظاهر صمد احد واحد عبدالحسین ابوالقاسم اسحاق ایوب هاشم مهدی ناصر
مجتبی حامد وحید سعید امین امید ایمان مرتضی رحمان غفور ستار جبار عبدالعلی میرزا
خسرو شاپور داریوش کورش اردشیر شهرام شهریار کیوان کاوه آرش بابک فرامرز فرشید
حبیب نبی ولی صفر اکبر حاتم حمزه عباسعلی حسنعلی حسینعلی محمدتقی محمدباقر محمدصادق
محمدجواد محمدمهدی محمدحسن محمدکاظم محمداسماعیل محمدابراهیم غلامعباس غلامحیدر
"""
_SURNAMES = """
محمدی حسینی احمدی رضایی موسوی کریمی هاشمی رحیمی جعفری صادقی قاسمی حیدری کاظمی
مرادی عباسی نوری ابراهیمی اکبری زارعی باقری سلطانی یوسفی عزیزی ملکی شریفی نظری
قربانی امیری طاهری فتحی بهرامی رحمانی نجفی کرمی سلیمانی مهدوی میرزایی اسدی جلالی
خسروی یزدانی فرهادی سبحانی عبداللهی فرجی توکلی شیرازی تهرانی اصفهانی کرمانی تبریزی
قزوینی کاشانی رشتی یزدی شهابی نادری منصوری مختاری مقدم خانی خلیلی دهقان دهقانی
رستمی زمانی سعیدی سیفی شاکری صفری طالبی عسگری عطایی غفاری فاضلی قنبری گودرزی
لطفی مالکی محبی مشهدی معینی نصیری نوروزی وحیدی هدایتی یاری آقایی آزادی اسماعیلی
افشار امینی انصاری بابایی بیگی پاکزاد تقوی ثابتی جمالی حسنی حمیدی خدابنده داوودی
ذاکری رجبی رنجبر سالاری سجادی شجاعی شفیعی صالحی ضیایی طهماسبی عرب علوی غلامی
فرخی قاضی کامرانی کیانی محمودی مومنی اسلامی جوادی حاتمی درویشی رحمتی روحانی زرگر
سبزواری شمس صدری طباطبایی عظیمی کشاورز نجاتی همدانی اردبیلی زنجانی سمنانی خراسانی
لاهیجی نائینی بختیاری قشقایی زند قاجار گیلانی مازندرانی شعبانی رمضانی کمالی شاهرخی
"""
_SURNAME_SUFFIXES = ("ی", "زاده", "پور", "یان", "نژاد", "فر", "نیا", "لو", "وند", "خانی", "نسب")


def _keys(block: str) -> frozenset[str]:
    return frozenset(dedup_key(w) for w in block.split())


WOMEN_NAMES = _keys(_WOMEN)
MEN_NAMES = _keys(_MEN)
SURNAMES = _keys(_SURNAMES)
_SUFFIX_KEYS_LAST = tuple(dedup_key(s) for s in _SURNAME_SUFFIXES)
_GIVEN = WOMEN_NAMES | MEN_NAMES
_KNOWN = {FIRST: WOMEN_NAMES, FATHER: MEN_NAMES}
# the same names by sound: «صدیغه» is «صدیقه» written by ear, still a known name
_KNOWN_SOUND = {
    FIRST: frozenset(phonetic_key(variant_key(k, FIRST)) for k in WOMEN_NAMES),
    FATHER: frozenset(phonetic_key(variant_key(k, FATHER)) for k in MEN_NAMES),
    LAST: frozenset(phonetic_key(k) for k in SURNAMES),
}


def _given_root(root: str) -> bool:
    if root in _GIVEN:
        return True
    # حسن + ی → حسنی; موسی → موسوی; رضا → رضایی
    return (root.endswith("و") and root[:-1] + "ی" in _GIVEN) or (
        root.endswith("ای") and root[:-1] in _GIVEN
    )


@lru_cache(maxsize=200_000)
def split_compound(key: str, kind: str = FIRST) -> tuple[str, str] | None:
    """(head, tail) when the key is two known given names written together."""
    known = _KNOWN.get(kind, _GIVEN)
    for i in range(2, len(key) - 1):
        head, tail = key[:i], key[i:]
        if head in known and tail in known:
            return head, tail
    return None


@lru_cache(maxsize=200_000)
def is_known_name(key: str, kind: str = FIRST) -> bool:
    """A common name of that kind, or a compound / surname built from known names."""
    if phonetic_key(key) in _KNOWN_SOUND[kind]:
        return True
    if kind == LAST:
        if key in SURNAMES:
            return True
        for suffix in _SUFFIX_KEYS_LAST:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                if _given_root(key[: -len(suffix)]):
                    return True
        return False
    if key in _KNOWN[kind]:
        return True
    return split_compound(key, kind) is not None
