"""Needs assessment: answers → need per domain → a suggested support level, with reasons.

Each answer option carries a need score from 0 (no need) to 3 (severe need).
A domain's need is the mean of its answers' scores divided by 3 (0…1).
The rules below are deliberately plain so staff can read why a level is
suggested; staff accept the suggestion or override it with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tavana.core.domain.persian_text import to_persian_digits

from .ladder import COUNSELLING, FACILITATION, GROWTH, INDEPENDENT, SKILLS

LIVELIHOOD = "livelihood"
SKILLS_DOMAIN = "skills"
BUSINESS = "business"
PSYCHOSOCIAL = "psychosocial"
CHILDCARE = "childcare"
HEALTH = "health"
HOUSING = "housing"

DOMAINS = (
    (LIVELIHOOD, "معیشت و درآمد"),
    (SKILLS_DOMAIN, "مهارت"),
    (BUSINESS, "وضعیت کسب‌وکار"),
    (PSYCHOSOCIAL, "نیازهای روانی-اجتماعی"),
    (CHILDCARE, "مراقبت از فرزندان"),
    (HEALTH, "سلامت"),
    (HOUSING, "مسکن"),
)
DOMAIN_LABELS = dict(DOMAINS)

MAX_SCORE = 3
HIGH = 0.6  # a need at or above this is "high"

# Barriers that do not change the level but call for a service alongside it.
BARRIER_SERVICES = {
    CHILDCARE: ("childcare_support", "نیاز به حمایت در نگهداری از فرزندان"),
    HEALTH: ("health_referral", "نیاز به ارجاع برای سلامت"),
    HOUSING: ("legal_advice", "مشکل مسکن؛ مشاورهٔ حقوقی یا ارجاع به نهاد حمایتی"),
    LIVELIHOOD: ("partner_referral", "نیاز فوری معیشتی؛ ارجاع به کمیتهٔ امداد یا بهزیستی"),
}


@dataclass(frozen=True)
class Suggestion:
    level: str
    reasons: list[str]
    needs: dict[str, float]
    services: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)


def domain_needs(answers: list[tuple[str, int]]) -> dict[str, float]:
    """[(domain, score 0..3), …] → {domain: need 0..1}; domains without answers are left out."""
    sums: dict[str, list[int]] = {}
    for domain, score in answers:
        score = max(0, min(MAX_SCORE, int(score)))
        sums.setdefault(domain, []).append(score)
    return {d: round(sum(s) / (len(s) * MAX_SCORE), 3) for d, s in sums.items()}


def _pct(x: float) -> str:
    return to_persian_digits(str(round(x * 100))) + "٪"


def suggest_level(answers: list[tuple[str, int]]) -> Suggestion:
    """The suggested level and the reasons, in Persian, in the order they were applied."""
    needs = domain_needs(answers)
    reasons: list[str] = []
    psycho = needs.get(PSYCHOSOCIAL, 0.0)
    skills = needs.get(SKILLS_DOMAIN, 0.0)
    business = needs.get(BUSINESS, 1.0)
    livelihood = needs.get(LIVELIHOOD, 0.0)

    if psycho >= HIGH:
        level = COUNSELLING
        reasons.append(
            f"نیاز روانی-اجتماعی بالاست ({_pct(psycho)})؛ "
            "پیش از آموزش، مشاوره و توانمندسازی روانی لازم است."
        )
    elif skills >= 0.5:
        level = SKILLS
        reasons.append(f"مهارت شغلی کافی ندارد (نیاز {_pct(skills)})؛ مهارت‌آموزی پیشنهاد می‌شود.")
    elif business >= HIGH:
        level = FACILITATION
        reasons.append("مهارت دارد ولی هنوز کسب‌وکاری راه نینداخته است؛ تسهیل کسب‌وکار.")
    elif business >= 0.25 or livelihood >= 0.5:
        level = GROWTH
        if business >= 0.25:
            reasons.append("کسب‌وکار کوچکی دارد که به رشد (بازار، سرمایه، مشاوره) نیاز دارد.")
        else:
            reasons.append("کسب‌وکار پابرجاست ولی درآمد هنوز معیشت را تأمین نمی‌کند؛ رشد کسب‌وکار.")
    else:
        level = INDEPENDENT
        reasons.append("کسب‌وکار و درآمد پایدار دارد؛ مستقل با پیگیری دوره‌ای.")

    if level != COUNSELLING and psycho >= 0.34:
        reasons.append(
            f"نیاز روانی-اجتماعی متوسط است ({_pct(psycho)})؛ جلسات مشاوره در کنار برنامه."
        )
    services: list[str] = []
    for domain, (service, text) in BARRIER_SERVICES.items():
        if needs.get(domain, 0.0) >= HIGH:
            reasons.append(text)
            services.append(service)
    unanswered = [d for d, _ in DOMAINS if d not in needs]
    if unanswered:
        labels = "، ".join(DOMAIN_LABELS[d] for d in unanswered)
        reasons.append(f"بی‌پاسخ: {labels}؛ پیشنهاد با احتیاط است.")
    return Suggestion(level, reasons, needs, services, unanswered)


def next_assessment_months(level: str) -> int:
    """How soon to reassess: sooner for the lower rungs."""
    return {COUNSELLING: 3, SKILLS: 4, FACILITATION: 6, GROWTH: 6, INDEPENDENT: 12}.get(level, 6)
