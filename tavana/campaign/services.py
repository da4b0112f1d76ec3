"""Writes of the campaign: sign-ups and their codes, the pipeline, mentors,
matching proposals and their review, mentoring sessions.

Every coordinator's write is audited in the same transaction. A sign-up never
becomes a second person: she is linked to the person she is, or registered
through the registry's own service after the coordinator has seen the
likely matches.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tavana.accounts.access import user_can
from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError
from tavana.notifications.services import sms_queue
from tavana.notifications.sms_templates import sms_render
from tavana.people.models import Person, Registration
from tavana.people.services import person_create

from .domain import matching, pipeline
from .models import Match, Mentor, MentoringSession, PhoneCode, Proposal, SignUp, StageChange

CAMPAIGN_NAME = "کار تو خونمونه"
CODE_TTL = dt.timedelta(minutes=10)
CODE_ATTEMPTS = 5
OPEN_STAGES = (pipeline.NEW, pipeline.CONTACTED, pipeline.MENTORED)
WAITING_STAGES = (pipeline.NEW, pipeline.CONTACTED)


# ------------------------------------------------------------------ phone codes


def _code_hash(mobile: str, code: str) -> str:
    return salted_hmac("tavana.campaign.phone_code", f"{mobile}:{code}").hexdigest()


#: codes one mobile may be sent in an hour, and one form token ever
CODES_PER_MOBILE_HOUR = 3
CODES_PER_FORM = 3
#: codes the whole campaign sends in a day (a cap on what an attacker can cost)
DEFAULT_DAILY_BUDGET = 1000

TOO_MANY_FOR_MOBILE = "برای این شماره کد زیادی فرستاده شده است. ساعتی دیگر دوباره بکوشید."
TOO_MANY_FOR_FORM = "با این فرم کد زیادی خواسته شده است. صفحه را از نو باز کنید."
BUDGET_SPENT = (
    "ظرفیت امروز پیامک‌های تأیید پویش پر شده است. فردا دوباره بکوشید؛ "
    "می‌توانید با مرکز هم تماس بگیرید."
)
FORM_SPENT = "این فرم پیش‌تر فرستاده شده است. برای ثبت‌نام تازه صفحه را از نو باز کنید."


def daily_budget() -> int:
    from django.conf import settings

    return int(getattr(settings, "TAVANA_CAMPAIGN_SMS_DAILY_BUDGET", DEFAULT_DAILY_BUDGET))


def form_token_spent(*, nonce: str) -> bool:
    """A form token whose code was already used for a sign-up: it cannot be sent again."""
    return PhoneCode.objects.filter(form_nonce=nonce, used_at__isnull=False).exists()


def phone_code_send(*, mobile: str, form_nonce: str = "") -> None:
    """Send a fresh 5-digit code to the mobile. The SMS names only the code and the
    campaign (nothing about why anyone is served).

    Refused (ServiceError, nothing sent) past the limits kept in the database, so
    a restart resets none of them: CODES_PER_MOBILE_HOUR per mobile, CODES_PER_FORM
    per form token, and the campaign's daily budget (`TAVANA_CAMPAIGN_SMS_DAILY_BUDGET`)."""
    now = timezone.now()
    with transaction.atomic():
        # counted, not locked: two senders at the same instant may each pass the
        # last slot, so the budget holds to within the number of web threads
        recent = PhoneCode.objects.filter(sent_at__gte=now - dt.timedelta(days=1))
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        if recent.filter(sent_at__gte=midnight).count() >= daily_budget():
            raise ServiceError({"mobile": BUDGET_SPENT}, code="sms_budget")
        if recent.filter(mobile=mobile, sent_at__gte=now - dt.timedelta(hours=1)).count() >= (
            CODES_PER_MOBILE_HOUR
        ):
            raise ServiceError({"mobile": TOO_MANY_FOR_MOBILE}, code="throttled")
        if form_nonce and PhoneCode.objects.filter(form_nonce=form_nonce).count() >= CODES_PER_FORM:
            raise ServiceError({"mobile": TOO_MANY_FOR_FORM}, code="throttled")
        code = f"{secrets.randbelow(100000):05d}"
        PhoneCode.objects.create(
            mobile=mobile, code_hash=_code_hash(mobile, code), sent_at=now, form_nonce=form_nonce
        )
    sms_queue(
        mobile=mobile,
        text=sms_render("campaign.phone_code", پویش=CAMPAIGN_NAME, کد=code),
        kind="campaign.phone_code",
        urgent=True,  # she is waiting for it on the sign-up page
    )


def phone_code_check(*, mobile: str, code: str) -> bool:
    """True once for the latest unexpired code of the mobile; five wrong tries spend it."""
    with transaction.atomic():
        pc = (
            PhoneCode.objects.select_for_update()
            .filter(mobile=mobile, used_at__isnull=True, sent_at__gte=timezone.now() - CODE_TTL)
            .order_by("-sent_at", "-id")
            .first()
        )
        if pc is None or pc.attempts >= CODE_ATTEMPTS:
            return False
        if hmac.compare_digest(pc.code_hash, _code_hash(mobile, code)):
            pc.used_at = timezone.now()
            pc.save(update_fields=["used_at"])
            return True
        pc.attempts += 1
        pc.save(update_fields=["attempts"])
        return False


# ------------------------------------------------------------------ sign-ups


def signup_create(*, data: dict) -> SignUp:
    """Record a verified sign-up. The same mobile with an open sign-up updates it
    (one sign-up per woman), with a line in its history."""
    fields = {
        k: data[k]
        for k in (
            "first_name",
            "last_name",
            "district",
            "category",
            "idea",
            "experience",
            "primary_earner",
        )
    }
    now = timezone.now()
    with transaction.atomic():
        existing = (
            SignUp.objects.select_for_update()
            .filter(mobile=data["mobile"], stage__in=OPEN_STAGES)
            .first()
        )
        if existing is not None:
            for k, v in fields.items():
                setattr(existing, k, v)
            existing.save()
            StageChange.objects.create(
                signup=existing,
                source=existing.stage,
                target=existing.stage,
                at=now,
                note="دوباره ثبت‌نام کرد؛ پاسخ‌ها به‌روز شد.",
            )
            return existing
        signup = SignUp.objects.create(mobile=data["mobile"], **fields)
        StageChange.objects.create(signup=signup, source="", target=pipeline.NEW, at=now)
    return signup


def _move(*, actor, signup: SignUp, target: str, note: str = "", at=None) -> None:
    pipeline.check_move(signup.stage, target)
    source = signup.stage
    signup.stage = target
    signup.save(update_fields=["stage", "updated_at"])
    StageChange.objects.create(
        signup=signup, source=source, target=target, at=at or timezone.now(), by=actor, note=note
    )
    audit_write(
        actor=actor,
        action="campaign.stage",
        obj=signup,
        person_id=signup.person_id,
        before={"stage": source},
        after={"stage": target},
        reason=note,
    )


def signup_move(*, actor, signup: SignUp, target: str, note: str = "") -> SignUp:
    try:
        with transaction.atomic():
            signup = SignUp.objects.select_for_update().get(pk=signup.pk)
            _move(actor=actor, signup=signup, target=target, note=note)
    except pipeline.StageMoveError as e:
        raise ServiceError({"target": str(e)}) from None
    return signup


def signup_link(*, actor, signup: SignUp, person: Person) -> SignUp:
    """Link a sign-up to the registry's person she is (merged records follow)."""
    while person.merged_into is not None:
        person = person.merged_into
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.person_id:
            raise ServiceError("این ثبت‌نام پیش‌تر به پرونده‌ای در سامانه پیوند خورده است.")
        signup.person = person
        signup.save(update_fields=["person", "updated_at"])
        audit_write(
            actor=actor,
            action="campaign.link",
            obj=signup,
            person_id=person.pk,
            after={"signup": signup.pk, "person": person.pk},
        )
    return signup


def signup_register(*, actor, signup: SignUp, candidates_seen: bool) -> Person:
    """Register a sign-up as a new person of the registry (channel: campaign).

    `candidates_seen` says the coordinator was shown the registry's likely matches
    and confirmed she is none of them; without it nothing is written.
    """
    if not user_can(actor, "person.register"):
        raise ServiceError("ثبت فرد تازه در سامانه با کارشناس ثبت یا مدیر سامانه است.")
    if not candidates_seen:
        raise ServiceError("پیش از ثبت، افراد مشابه در سامانه را بررسی و تأیید کنید.")
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.person_id:
            raise ServiceError("این ثبت‌نام پیش‌تر به پرونده‌ای در سامانه پیوند خورده است.")
        person = person_create(
            actor=actor,
            data={
                "first_name": signup.first_name,
                "last_name": signup.last_name,
                "mobile": signup.mobile,
                "district": str(signup.district.number),
            },
            registration={
                "channel": Registration.CAMPAIGN,
                "basis": Registration.CARRIES if signup.primary_earner else Registration.WANTS,
                "primary_earner": signup.primary_earner,
            },
        )
        signup.person = person
        signup.save(update_fields=["person", "updated_at"])
        audit_write(
            actor=actor,
            action="campaign.register",
            obj=signup,
            person_id=person.pk,
            after={"signup": signup.pk, "person": person.pk},
        )
    return person


# ------------------------------------------------------------------ mentors


def mentor_save(*, actor, data: dict, mentor: Mentor | None = None) -> Mentor:
    """Create or change a mentor: a trainer's account, or a name and mobile."""
    if not data.get("user") and not (data.get("name") or "").strip():
        raise ServiceError({"name": "نام منتور یا حساب کاربری مربی را وارد کنید."})
    creating = mentor is None
    mentor = mentor or Mentor()
    before = {} if creating else _mentor_snapshot(mentor)
    mentor.user = data.get("user")
    mentor.name = (data.get("name") or "").strip()
    mentor.mobile = data.get("mobile") or ""
    mentor.weekly_capacity = data["weekly_capacity"]
    mentor.active = data.get("active", True)
    try:
        with transaction.atomic():
            mentor.save()
            mentor.categories.set(data.get("categories") or [])
            mentor.districts.set(data.get("districts") or [])
            audit_write(
                actor=actor,
                action="campaign.mentor_create" if creating else "campaign.mentor_update",
                obj=mentor,
                before=before,
                after=_mentor_snapshot(mentor),
            )
    except IntegrityError:
        raise ServiceError({"user": "این مربی پیش‌تر منتور ثبت شده است."}) from None
    return mentor


def _mentor_snapshot(m: Mentor) -> dict:
    return {
        "user": m.user_id,
        "name": m.name,
        "weekly_capacity": m.weekly_capacity,
        "active": m.active,
        "categories": sorted(m.categories.values_list("code", flat=True)) if m.pk else [],
        "districts": sorted(m.districts.values_list("number", flat=True)) if m.pk else [],
    }


def mentor_load(mentor_ids=None) -> dict[int, int]:
    """Women each mentor carries now: accepted pairs whose business has not started."""
    qs = Match.objects.filter(status=Match.ACCEPTED, signup__stage__in=OPEN_STAGES)
    if mentor_ids is not None:
        qs = qs.filter(mentor_id__in=mentor_ids)
    return dict(qs.values_list("mentor").annotate(n=Count("id")).values_list("mentor", "n"))


# ------------------------------------------------------------------ matching


def proposal_make(*, actor, signups) -> Proposal:
    """Run the matcher over the waiting sign-ups given (the caller's scope) and the
    active mentors' free places. Pairs of earlier proposals for these sign-ups still
    awaiting review are withdrawn (rejected without a decider): one proposal is open."""
    waiting = list(
        signups.filter(stage__in=WAITING_STAGES)
        .exclude(matches__status=Match.ACCEPTED)
        .select_related("district", "category")
        .order_by("created_at", "id")
    )
    mentors = list(Mentor.objects.filter(active=True).prefetch_related("categories", "districts"))
    load = mentor_load([m.pk for m in mentors])
    pool = [
        matching.Mentor(
            id=m.pk,
            capacity=max(0, m.weekly_capacity - load.get(m.pk, 0)),
            districts=frozenset(d.number for d in m.districts.all()),
            categories=frozenset(c.code for c in m.categories.all()),
        )
        for m in mentors
    ]
    women = [
        matching.Woman(
            id=s.pk,
            primary_earner=s.primary_earner,
            district=s.district.number,
            category=s.category.code if s.category_id else None,
            order=i,
        )
        for i, s in enumerate(waiting)
    ]
    result = matching.propose(women, pool)
    now = timezone.now()
    with transaction.atomic():
        Match.objects.filter(status=Match.PROPOSED, signup__in=signups).update(
            status=Match.REJECTED, decided_at=now, updated_at=now
        )
        proposal = Proposal.objects.create(
            created_by=actor, women=len(women), places=sum(m.capacity for m in pool)
        )
        Match.objects.bulk_create(
            [
                Match(
                    signup_id=cast(int, p.woman),  # the ids handed to the matcher
                    mentor_id=cast(int, p.mentor),
                    proposal=proposal,
                    status=Match.PROPOSED,
                    reasons=p.reasons,
                )
                for p in result.pairs
            ]
        )
        audit_write(
            actor=actor,
            action="campaign.propose",
            obj=proposal,
            after={"women": len(women), "pairs": len(result.pairs)},
        )
    return proposal


ACCEPT = "accept"
REJECT = "reject"
ADJUST = "adjust"


def match_decide(*, actor, match: Match, decision: str, mentor: Mentor | None = None) -> Match:
    """Accept, reject, or accept with another mentor (adjust) one proposed pair."""
    with transaction.atomic():
        match = Match.objects.select_for_update().select_related("signup").get(pk=match.pk)
        if match.status != Match.PROPOSED:
            raise ServiceError("دربارهٔ این پیشنهاد پیش‌تر تصمیم گرفته شده است.")
        before = {"status": match.status, "mentor": match.mentor_id}
        if decision == ADJUST:
            if mentor is None or not mentor.active:
                raise ServiceError({"mentor": "منتور دیگری را برگزینید."})
            match.mentor = mentor
            match.reasons = [*match.reasons, "منتور را هماهنگ‌کننده تغییر داد"]
        if decision in (ACCEPT, ADJUST):
            taken = mentor_load([match.mentor_id]).get(match.mentor_id, 0)
            if taken >= match.mentor.weekly_capacity:
                raise ServiceError({"mentor": "ظرفیت این منتور پر است."})
            if Match.objects.filter(signup=match.signup, status=Match.ACCEPTED).exists():
                raise ServiceError("این زن پیش‌تر منتور دارد.")
            match.status = Match.ACCEPTED
        elif decision == REJECT:
            match.status = Match.REJECTED
        else:
            raise ServiceError("تصمیم نامعتبر است.")
        match.decided_by = actor
        match.decided_at = timezone.now()
        match.save()
        audit_write(
            actor=actor,
            action=f"campaign.match_{decision}",
            obj=match,
            person_id=match.signup.person_id,
            before=before,
            after={"status": match.status, "mentor": match.mentor_id},
        )
    return match


# ------------------------------------------------------------------ sessions


def session_record(*, actor, match: Match, data: dict) -> MentoringSession:
    """Log a mentoring session; her first one moves her to «in mentoring»."""
    if match.status != Match.ACCEPTED:
        raise ServiceError("جلسه فقط برای جفت پذیرفته‌شده ثبت می‌شود.")
    next_on = data.get("next_on")
    if next_on is not None and next_on <= data["date"]:
        raise ServiceError({"next_on": "قرار بعدی باید پس از تاریخ همین جلسه باشد."})
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().get(pk=match.signup_id)
        session = MentoringSession.objects.create(
            match=match,
            date=data["date"],
            minutes=data["minutes"],
            notes=data.get("notes", ""),
            next_step=data.get("next_step", ""),
            next_on=next_on,
            recorded_by=actor,
        )
        if signup.first_mentoring_on is None or data["date"] < signup.first_mentoring_on:
            signup.first_mentoring_on = data["date"]
            signup.save(update_fields=["first_mentoring_on", "updated_at"])
        if signup.stage in WAITING_STAGES:
            _move(actor=actor, signup=signup, target=pipeline.MENTORED, note="نخستین جلسهٔ منتورینگ")
        audit_write(
            actor=actor,
            action="campaign.session",
            obj=session,
            person_id=signup.person_id,
            after={
                "match": match.pk,
                "date": data["date"].isoformat(),
                "minutes": data["minutes"],
                "next_on": next_on.isoformat() if next_on else None,
            },
        )
    return session
