"""Talent identification (استعدادیابی): screening rounds, results per child, the
talented cohort and referral to a partner education centre."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..programmes.models import DOMAIN_CHOICES, TalentResult, TalentRound
from .common import text, today


def talent_round_create(
    *, actor, title: str, domain: str, method: str, instrument: str,
    held_on: dt.date | None, cutoff: int | None = 80,
) -> TalentRound:  # fmt: skip
    errors: dict[str, str] = {}
    if not text(title):
        errors["title"] = "عنوان را بنویسید."
    if domain not in dict(DOMAIN_CHOICES):
        errors["domain"] = "حوزه را انتخاب کنید."
    if method not in dict(TalentRound.METHOD_CHOICES):
        errors["method"] = "روش را انتخاب کنید."
    if not text(instrument):
        errors["instrument"] = "آزمون یا ابزار مشاهده را بنویسید."
    if held_on is None:
        errors["held_on"] = "تاریخ برگزاری را وارد کنید."
    if cutoff is None or not 1 <= cutoff <= 100:
        errors["cutoff"] = "حد نصاب باید از ۱ تا ۱۰۰ باشد."
    if errors or held_on is None or cutoff is None:
        raise ServiceError(errors)
    with transaction.atomic():
        r = TalentRound.objects.create(
            title=text(title), domain=domain, method=method, instrument=text(instrument),
            held_on=held_on, cutoff=cutoff, created_by=actor,
        )  # fmt: skip
        audit_write(actor=actor, action="youth.talent_round", obj=r, after={"title": r.title})
    return r


def talent_result_record(
    *, actor, round: TalentRound, child, score: int | None, note: str = ""
) -> TalentResult:
    if score is None or not 0 <= score <= 100:
        raise ServiceError({"score": "امتیاز باید از ۰ تا ۱۰۰ باشد."})
    with transaction.atomic():
        r, _ = TalentResult.objects.update_or_create(
            round=round, child=child,
            defaults={"score": score, "talented": score >= round.cutoff, "note": text(note),
                      "recorded_by": actor},
        )  # fmt: skip
        audit_write(
            actor=actor, action="youth.talent_result", obj=r, person_id=child.pk,
            after={"score": score, "talented": r.talented},
        )  # fmt: skip
    return r


def talent_refer(
    *, actor, result: TalentResult, partner, on: dt.date | None = None
) -> TalentResult:
    if not result.talented:
        raise ServiceError("فقط کودکانِ گروه مستعدان به مرکز همکار ارجاع می‌شوند.")
    if partner is None:
        raise ServiceError({"partner": "مرکز آموزشی همکار را انتخاب کنید."})
    with transaction.atomic():
        result.referred_to, result.referred_on = partner, on or today()
        result.save(update_fields=["referred_to", "referred_on", "updated_at"])
        audit_write(
            actor=actor, action="youth.talent_refer", obj=result, person_id=result.child_id,
            after={"partner": partner.pk},
        )  # fmt: skip
    return result
