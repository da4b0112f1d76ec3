"""Other bodies serving the same woman: referrals *in* from a partner
organisation, and — with her consent — which bodies also support her and how."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ..domain import stages
from ..models import OtherSupport, Referral, ServiceType
from .common import _not_future, _today


def referral_receive(
    *,
    actor,
    person,
    from_partner,  # a partners.Organisation
    request: str,
    follow_up_on: dt.date | None,
    received_on: dt.date | None = None,
    service: ServiceType | None = None,
) -> Referral:
    """A body referred her to the Center: the receiving worker records it and
    answers it (accepted, declined or answered) like any referral to her."""
    errors: dict[str, str] = {}
    received_on = received_on or _today()
    request = (request or "").strip()
    if from_partner is None:
        errors["from_partner"] = "سازمانی را که او را معرفی کرده است انتخاب کنید."
    if not request:
        errors["request"] = "شرح معرفی‌نامه را بنویسید."
    _not_future(errors, "received_on", received_on, "تاریخ دریافت")
    if follow_up_on is None:
        errors["follow_up_on"] = "تاریخ پیگیری را وارد کنید."
    elif follow_up_on < received_on:
        errors["follow_up_on"] = "تاریخ پیگیری نمی‌تواند پیش از تاریخ دریافت باشد."
    if errors or follow_up_on is None:
        raise ServiceError(errors)
    with transaction.atomic():
        r = Referral.objects.create(
            person=person,
            kind=stages.REFER,
            from_worker=actor,
            to_worker=actor,
            from_partner=from_partner,
            service=service,
            request=request,
            sent_on=received_on,
            follow_up_on=follow_up_on,
        )
        audit_write(
            actor=actor,
            action="casework.referral_receive",
            obj=r,
            person_id=person.pk,
            after={
                "from_partner": from_partner.code,
                "service": getattr(service, "code", None),
                "follow_up_on": follow_up_on,
            },
        )
    return r


def other_support_record(
    *,
    actor,
    person,
    organisation,
    support: str,
    consent: bool,
    since: dt.date | None = None,
    until: dt.date | None = None,
    consent_on: dt.date | None = None,
) -> OtherSupport:
    """Record that another body also serves her, and how — never without her consent."""
    errors: dict[str, str] = {}
    support = " ".join((support or "").split())
    if not consent:
        errors["consent"] = "بدون رضایت خود او ثبت نمی‌شود؛ رضایتش را بپرسید."
    if organisation is None:
        errors["organisation"] = "سازمان را انتخاب کنید."
    if not support:
        errors["support"] = "بنویسید این سازمان چه حمایتی از او می‌کند."
    elif len(support) > 300:
        errors["support"] = "شرح حمایت بیش از ۳۰۰ نویسه است."
    consent_on = consent_on or _today()
    _not_future(errors, "consent_on", consent_on, "تاریخ رضایت")
    if since and until and until < since:
        errors["until"] = "تاریخ پایان نمی‌تواند پیش از تاریخ آغاز باشد."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        row = OtherSupport.objects.create(
            person=person,
            organisation=organisation,
            support=support,
            since=since,
            until=until,
            consent_on=consent_on,
            recorded_by=actor,
        )
        audit_write(
            actor=actor,
            action="casework.other_support_record",
            obj=row,
            person_id=person.pk,
            after={"organisation": organisation.code, "consent_on": consent_on},
        )
    return row


def other_support_withdraw(*, actor, support: OtherSupport) -> None:
    """She withdrew her consent: the record goes (the audit keeps only that it did)."""
    with transaction.atomic():
        audit_write(
            actor=actor,
            action="casework.other_support_withdraw",
            obj=support,
            person_id=support.person_id,
            before={"organisation": support.organisation.code},
        )
        support.delete()
