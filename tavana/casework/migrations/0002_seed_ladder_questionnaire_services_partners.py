"""Seed the support ladder and its moves, the needs questionnaire, programmes and
service types, and partner organisations. Reversible: unseeding deletes only
rows with the seeded codes."""

from django.db import migrations

from tavana.casework.domain.ladder import INITIAL_LEVELS, initial_transitions

# (code, domain, question, [(answer, need score 0..3), …])
QUESTIONS = [
    (
        "income_source",
        "livelihood",
        "منبع اصلی درآمد خانوار چیست؟",
        [
            ("درآمد پایدار از کار یا کسب‌وکار خودش", 0),
            ("درآمد نامنظم یا فصلی", 1),
            ("فقط مستمری یا کمک نهادهای حمایتی", 2),
            ("بدون درآمد", 3),
        ],
    ),
    (
        "income_covers",
        "livelihood",
        "درآمد ماهانه چه اندازه از هزینه‌های خانوار را می‌پوشاند؟",
        [
            ("همه را", 0),
            ("بیشتر را", 1),
            ("کمتر از نیمی را", 2),
            ("تقریباً هیچ", 3),
        ],
    ),
    (
        "skill_level",
        "skills",
        "مهارت شغلی یا فنی قابل عرضه در بازار دارد؟",
        [
            ("بله، با تجربهٔ کاری", 0),
            ("بله، بدون تجربه", 1),
            ("مهارت ابتدایی دارد", 2),
            ("خیر", 3),
        ],
    ),
    (
        "skill_training",
        "skills",
        "در دو سال گذشته دورهٔ آموزشی مهارتی گذرانده است؟",
        [
            ("بله، با مدرک", 0),
            ("بله، بدون مدرک", 1),
            ("خیر، ولی علاقه‌مند است", 2),
            ("خیر", 3),
        ],
    ),
    (
        "business_status",
        "business",
        "وضعیت کسب‌وکار او چیست؟",
        [
            ("کسب‌وکار پایدار با مشتری ثابت", 0),
            ("کسب‌وکار کوچک و نوپا", 1),
            ("ایده دارد ولی شروع نکرده", 2),
            ("کسب‌وکاری ندارد", 3),
        ],
    ),
    (
        "business_market",
        "business",
        "برای فروش محصول یا خدمتش بازار دارد؟",
        [
            ("بله، فروش منظم", 0),
            ("فروش گاه‌به‌گاه", 1),
            ("بسیار کم", 2),
            ("هیچ", 3),
        ],
    ),
    (
        "psych_confidence",
        "psychosocial",
        "برای بیرون آمدن از خانه و کار با دیگران آمادگی دارد؟",
        [
            ("کاملاً", 0),
            ("تا حدی", 1),
            ("کم", 2),
            ("اصلاً", 3),
        ],
    ),
    (
        "psych_stress",
        "psychosocial",
        "فشار روانی یا بحران خانوادگی اخیر دارد؟",
        [
            ("خیر", 0),
            ("اندک", 1),
            ("زیاد", 2),
            ("بحران جدی", 3),
        ],
    ),
    (
        "childcare",
        "childcare",
        "نگهداری از فرزندان مانع کار یا آموزش اوست؟",
        [
            ("خیر یا فرزند خردسال ندارد", 0),
            ("گاهی", 1),
            ("اغلب", 2),
            ("همیشه", 3),
        ],
    ),
    (
        "health",
        "health",
        "بیماری یا ناتوانی او یا یکی از اعضای خانوار مانع کار است؟",
        [
            ("خیر", 0),
            ("اندک", 1),
            ("زیاد", 2),
            ("بسیار زیاد", 3),
        ],
    ),
    (
        "housing",
        "housing",
        "وضعیت مسکن خانوار چیست؟",
        [
            ("ملکی یا اجارهٔ پایدار", 0),
            ("اجاره با فشار هزینه", 1),
            ("خطر تخلیه یا بدهی اجاره", 2),
            ("بی‌مسکن یا اسکان موقت", 3),
        ],
    ),
]

# programme code, name, [(service code, name, unit)]
PROGRAMMES = [
    (
        "psychosocial",
        "توانمندسازی روانی و اجتماعی",
        [
            ("counselling_session", "جلسهٔ مشاوره", "session"),
            ("group_counselling", "مشاورهٔ گروهی", "session"),
            ("legal_advice", "مشاورهٔ حقوقی", "session"),
        ],
    ),
    (
        "skills",
        "مهارت‌آموزی",
        [
            ("skills_referral", "معرفی به دورهٔ مهارت‌آموزی", "case"),
            ("skills_course", "آموزش مهارتی در مرکز کوثر", "hour"),
        ],
    ),
    (
        "business",
        "کسب‌وکار خانگی و خرد",
        [
            ("business_advice", "مشاورهٔ کسب‌وکار", "session"),
            ("mentoring", "همراهی منتور", "session"),
            ("bazaar_booth", "معرفی به بازارچه", "case"),
        ],
    ),
    (
        "family_support",
        "حمایت از خانواده",
        [
            ("childcare_support", "حمایت نگهداری از فرزندان", "day"),
            ("health_referral", "ارجاع سلامت", "case"),
            ("partner_referral", "ارجاع به نهاد حمایتی", "case"),
            ("livelihood_package", "بستهٔ معیشتی", "item"),
        ],
    ),
]

PARTNERS = [
    ("relief_committee", "کمیته امداد امام خمینی", "relief", ""),
    ("welfare_org", "سازمان بهزیستی", "welfare", ""),
    ("charities", "خیریه‌ها", "charity", ""),
]


def seed(apps, schema_editor):
    SupportLevel = apps.get_model("casework", "SupportLevel")
    LevelTransition = apps.get_model("casework", "LevelTransition")
    Question = apps.get_model("casework", "Question")
    AnswerOption = apps.get_model("casework", "AnswerOption")
    Programme = apps.get_model("casework", "Programme")
    ServiceType = apps.get_model("casework", "ServiceType")
    PartnerOrganisation = apps.get_model("casework", "PartnerOrganisation")

    levels = {}
    for code, name, order in INITIAL_LEVELS:
        levels[code], _ = SupportLevel.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
    orders = {code: order for code, _, order in INITIAL_LEVELS}
    for a, b, needs in initial_transitions(orders):
        LevelTransition.objects.get_or_create(
            from_level=levels[a], to_level=levels[b], defaults={"needs_reason": needs}
        )
    for i, (code, domain, text, options) in enumerate(QUESTIONS, start=1):
        q, created = Question.objects.get_or_create(
            code=code, defaults={"domain": domain, "text": text, "order": i}
        )
        if created:
            AnswerOption.objects.bulk_create(
                [
                    AnswerOption(question=q, text=t, score=score, order=j)
                    for j, (t, score) in enumerate(options, start=1)
                ]
            )
    for code, name, services in PROGRAMMES:
        p, _ = Programme.objects.get_or_create(code=code, defaults={"name": name})
        for s_code, s_name, unit in services:
            ServiceType.objects.get_or_create(
                code=s_code, defaults={"name": s_name, "programme": p, "default_unit": unit}
            )
    for code, name, kind, phone in PARTNERS:
        PartnerOrganisation.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "phone": phone}
        )


def unseed(apps, schema_editor):
    get = apps.get_model
    get("casework", "PartnerOrganisation").objects.filter(
        code__in=[c for c, *_ in PARTNERS]
    ).delete()
    get("casework", "ServiceType").objects.filter(
        code__in=[s for _, _, ss in PROGRAMMES for s, _, _ in ss]
    ).delete()
    get("casework", "Programme").objects.filter(code__in=[c for c, _, _ in PROGRAMMES]).delete()
    get("casework", "Question").objects.filter(code__in=[c for c, *_ in QUESTIONS]).delete()
    codes = [c for c, _, _ in INITIAL_LEVELS]
    get("casework", "LevelTransition").objects.filter(from_level__code__in=codes).delete()
    get("casework", "SupportLevel").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_ladder_assessment_services_casework")]

    operations = [migrations.RunPython(seed, unseed)]
