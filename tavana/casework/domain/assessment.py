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


@dataclass(frozen=True)
class Thresholds:
    """The rule's cut-offs (needs from 0 to 1); the administrator's data, versioned
    so each assessment keeps the rule it was scored under."""

    psycho_high: float = HIGH  # at or above: counselling first
    skills_need: float = 0.5  # at or above: skills training
    business_high: float = HIGH  # at or above (with skills): business facilitation
    business_growth: float = 0.25  # at or above: business growth
    livelihood_growth: float = 0.5  # at or above (business in place): growth
    psycho_moderate: float = 0.34  # at or above: counselling alongside
    barrier_high: float = HIGH  # a barrier at or above this calls for its service

    LABELS = {
        "psycho_high": "نیاز روانی-اجتماعی بالا (مشاوره پیش از هر چیز)",
        "skills_need": "نیاز مهارتی (مهارت‌آموزی)",
        "business_high": "نیاز کسب‌وکار بالا (تسهیل کسب‌وکار)",
        "business_growth": "نیاز کسب‌وکار برای رشد",
        "livelihood_growth": "نیاز معیشتی برای رشد",
        "psycho_moderate": "نیاز روانی-اجتماعی متوسط (مشاوره در کنار برنامه)",
        "barrier_high": "مانع جدی (مراقبت، سلامت، مسکن، معیشت) با خدمت همراه",
    }

    def check(self) -> dict[str, str]:
        """Field → Persian reason for cut-offs that cannot work together."""
        errors = {
            name: "عددی میان ۰ و ۱ بنویسید (مثلاً ۰٫۶)."
            for name in self.LABELS
            if not 0 < getattr(self, name) <= 1
        }
        if not errors and self.psycho_moderate > self.psycho_high:
            errors["psycho_moderate"] = "آستانهٔ متوسط نباید از آستانهٔ بالا بیشتر باشد."
        if not errors and self.business_growth > self.business_high:
            errors["business_growth"] = "آستانهٔ رشد نباید از آستانهٔ تسهیل بیشتر باشد."
        return errors


DEFAULT_THRESHOLDS = Thresholds()

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


def suggest_level(answers: list[tuple[str, int]], t: Thresholds = DEFAULT_THRESHOLDS) -> Suggestion:
    """The suggested level and the reasons, in Persian, in the order they were applied."""
    needs = domain_needs(answers)
    reasons: list[str] = []
    psycho = needs.get(PSYCHOSOCIAL, 0.0)
    skills = needs.get(SKILLS_DOMAIN, 0.0)
    business = needs.get(BUSINESS, 1.0)
    livelihood = needs.get(LIVELIHOOD, 0.0)

    if psycho >= t.psycho_high:
        level = COUNSELLING
        reasons.append(
            f"نیاز روانی-اجتماعی بالاست ({_pct(psycho)})؛ "
            "پیش از آموزش، مشاوره و توانمندسازی روانی لازم است."
        )
    elif skills >= t.skills_need:
        level = SKILLS
        reasons.append(f"مهارت شغلی کافی ندارد (نیاز {_pct(skills)})؛ مهارت‌آموزی پیشنهاد می‌شود.")
    elif business >= t.business_high:
        level = FACILITATION
        reasons.append("مهارت دارد ولی هنوز کسب‌وکاری راه نینداخته است؛ تسهیل کسب‌وکار.")
    elif business >= t.business_growth or livelihood >= t.livelihood_growth:
        level = GROWTH
        if business >= t.business_growth:
            reasons.append("کسب‌وکار کوچکی دارد که به رشد (بازار، سرمایه، مشاوره) نیاز دارد.")
        else:
            reasons.append("کسب‌وکار پابرجاست ولی درآمد هنوز معیشت را تأمین نمی‌کند؛ رشد کسب‌وکار.")
    else:
        level = INDEPENDENT
        reasons.append("کسب‌وکار و درآمد پایدار دارد؛ مستقل با پیگیری دوره‌ای.")

    if level != COUNSELLING and psycho >= t.psycho_moderate:
        reasons.append(
            f"نیاز روانی-اجتماعی متوسط است ({_pct(psycho)})؛ جلسات مشاوره در کنار برنامه."
        )
    services: list[str] = []
    for domain, (service, text) in BARRIER_SERVICES.items():
        if needs.get(domain, 0.0) >= t.barrier_high:
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
