"""The road back: on release, her record in the registry (through the duplicate
matcher, never a second record), her support level, a social worker, the offer of
the employment programme and training, and follow-ups at 1, 3 and 12 months.

Nothing written outside the protected tables says where she came from: the
registry gets an ordinary staff registration, casework an ordinary level change.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tavana.audit.services import audit_write
from tavana.core.errors import ServiceError

from ...domain import release as rules
from ..access import is_cleared
from ..models import FollowUp, ReleaseCase
from .cases import _guard, _not_future, _text

LEVEL_REASON = "ثبت سطح حمایت هنگام پذیرش"


def registry_candidates(*, actor, case: ReleaseCase) -> list[dict]:
    """Registered persons who may be her, with the matcher's reasons."""
    from tavana.core.domain.jalali import to_jalali_iso
    from tavana.people.selectors import person_candidates

    return person_candidates(
        actor=actor,
        data={
            "national_code": case.national_code,
            "first_name": case.first_name,
            "last_name": case.last_name,
            "father_name": case.father_name,
            "birth_date": to_jalali_iso(case.birth_date) if case.birth_date else "",
            "district": str(case.district.number) if case.district else "",
        },
        limit=8,
    )


def _registry_person(*, actor, case: ReleaseCase, person, register_new: bool):
    """The registry's record for her: the one chosen from the matcher's candidates,
    or a new one when staff confirmed none of them is her (a national code already
    in the registry links to its holder instead of making a second record)."""
    from tavana.people.models import Person, Registration
    from tavana.people.services import DuplicatePerson, person_create

    if person is not None:
        while person.merged_into_id is not None:
            person = person.merged_into
        return person
    if not register_new:
        raise ServiceError(
            {"person": "او را از میان افراد مشابه سامانه برگزینید یا ثبت تازه را تأیید کنید."}
        )
    if case.national_code:
        existing = Person.objects.filter(
            national_code=case.national_code, merged_into__isnull=True
        ).first()
        if existing is not None:
            return existing
    from tavana.core.domain.jalali import to_jalali_iso

    try:
        return person_create(
            actor=actor,
            data={
                "national_code": case.national_code,
                "first_name": case.first_name,
                "last_name": case.last_name,
                "father_name": case.father_name,
                "birth_date": to_jalali_iso(case.birth_date) if case.birth_date else "",
                "district": str(case.district.number) if case.district else "",
            },
            registration={"channel": Registration.STAFF},
            identity_required=False,  # registered as her release case knows her
        )
    except DuplicatePerson as e:
        return e.existing


def case_release(*, actor, case: ReleaseCase, released_on: dt.date | None, person=None,
                 register_new: bool = False, level_code: str = "", social_worker=None,
                 employment_offer: str = "", training_offer: str = "",
                 register_children: bool = False, training_course=None,
                 employment_unit=None) -> ReleaseCase:  # fmt: skip
    """Record her release and start the road back. An accepted offer enrols her
    at once through the context that runs it (`case_offer`)."""
    from tavana.casework.services import level_change

    _guard(actor, case)
    errors: dict[str, str] = {}
    _not_future(errors, "released_on", released_on, "تاریخ آزادی")
    if not level_code:
        errors["level_code"] = "سطح حمایت او را انتخاب کنید."
    if social_worker is None:
        errors["social_worker"] = "مددکار او را انتخاب کنید."
    elif not is_cleared(social_worker):
        errors["social_worker"] = "این مددکار صلاحیت این برنامه را ندارد."
    _offer_errors(errors, employment_offer, employment_unit, training_offer, training_course)
    if case.status != rules.SETTLED:
        errors["__all__"] = "آزادی پس از تسویهٔ بدهی ثبت می‌شود."
    if errors or released_on is None:
        raise ServiceError(errors)
    with transaction.atomic():
        case = ReleaseCase.objects.select_for_update().get(pk=case.pk)
        her = _registry_person(actor=actor, case=case, person=person, register_new=register_new)
        level_change(actor=actor, person=her, level_code=level_code, on=released_on,
                     reason=LEVEL_REASON)  # fmt: skip
        case.person, case.released_on, case.social_worker = her, released_on, social_worker
        case.employment_offer, case.training_offer = employment_offer, training_offer
        case.save()
        from .cases import case_move

        case_move(actor=actor, case=case, to=rules.RELEASED)
        if employment_offer == ReleaseCase.ACCEPTED:
            _enrol(actor=actor, case=case, kind=EMPLOYMENT, target=employment_unit)
        if training_offer == ReleaseCase.ACCEPTED:
            _enrol(actor=actor, case=case, kind=TRAINING, target=training_course)
        if register_children:
            children_register(actor=actor, case=case, mother=her)
        for months in rules.FOLLOW_UP_MONTHS:
            FollowUp.objects.create(
                case=case, month=months, due_on=rules.add_months(released_on, months)
            )
        audit_write(
            actor=actor,
            action="release.release",
            obj=case,
            person_id=her.pk,
            after={"released_on": released_on, "level": level_code,
                   "social_worker": social_worker.username},
        )  # fmt: skip
    return case


EMPLOYMENT, TRAINING = "employment", "training"


def _offer_errors(errors: dict, employment: str, unit, training: str, course) -> None:
    offers = dict(ReleaseCase.OFFER_CHOICES)
    if employment and employment not in offers:
        errors["employment_offer"] = "پاسخ را انتخاب کنید."
    elif employment == ReleaseCase.ACCEPTED and unit is None:
        errors["employment_unit"] = "کارگاه تولیدی‌ای را که در آن به کار می‌پردازد برگزینید."
    if training and training not in offers:
        errors["training_offer"] = "پاسخ را انتخاب کنید."
    elif training == ReleaseCase.ACCEPTED and course is None:
        errors["training_course"] = "دورهٔ آموزشی‌ای را که در آن ثبت‌نام می‌شود برگزینید."


def _enrol(*, actor, case: ReleaseCase, kind: str, target) -> None:
    """Enrol her through the real service of the context that runs the offer: a
    training course's enrolment (a seat or the waitlist, prerequisites checked) or a
    production workshop's worker (paid through its payroll). What they refuse is
    shown beside the field it belongs to; nothing there marks where she came from."""
    from tavana.production.models import Worker
    from tavana.production.services import worker_save
    from tavana.training.services import enrol

    field = "training_course" if kind == TRAINING else "employment_unit"
    try:
        if kind == TRAINING:
            case.training_enrolment = enrol(actor=actor, course=target, person=case.person)
        else:
            existing = Worker.objects.filter(person=case.person).first()
            case.employment_worker = existing or worker_save(
                actor=actor, person=case.person, unit=target
            )
    except ServiceError as e:
        raise ServiceError({field: e.message}, code=e.code) from e
    case.save(update_fields=["training_enrolment", "employment_worker", "updated_at"])


def case_offer(*, actor, case: ReleaseCase, kind: str, answer: str, course=None,
               unit=None) -> ReleaseCase:  # fmt: skip
    """Her answer to an offer after release: accepted enrols her (`_enrol`),
    declined is recorded. An offer already enrolled is not asked again."""
    guarded = _guard(actor, case)
    assert guarded is not None
    case = guarded
    errors: dict[str, str] = {}
    if kind not in (EMPLOYMENT, TRAINING):
        errors["kind"] = "کدام پیشنهاد؟"
    elif kind == EMPLOYMENT:
        _offer_errors(errors, answer, unit, "", None)
    else:
        _offer_errors(errors, "", None, answer, course)
    if answer not in (ReleaseCase.ACCEPTED, ReleaseCase.DECLINED):
        errors.setdefault(f"{kind}_offer", "پذیرفت یا نپذیرفت؟")
    if case.status not in (rules.RELEASED, rules.FOLLOWED_UP) or case.person_id is None:
        errors["__all__"] = "پیشنهادها پس از ثبت آزادی پاسخ می‌گیرند."
    elif case.training_enrolment_id if kind == TRAINING else case.employment_worker_id:
        errors["__all__"] = "او پیش‌تر در همین پیشنهاد ثبت شده است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        case = ReleaseCase.objects.select_for_update().get(pk=case.pk)
        setattr(case, f"{kind}_offer", answer)
        case.save(update_fields=[f"{kind}_offer", "updated_at"])
        if answer == ReleaseCase.ACCEPTED:
            _enrol(actor=actor, case=case, kind=kind, target=course if kind == TRAINING else unit)
        audit_write(actor=actor, action="release.offer", obj=case, person_id=case.person_id,
                    after={"kind": kind, "answer": answer})  # fmt: skip
    return case


def children_register(*, actor, case: ReleaseCase, mother) -> int:
    """Her children (those with a last name) in her household in the registry,
    through the registry's services: a child already in her household with the
    same first name and birth date is linked, never registered twice."""
    from tavana.core.domain.jalali import to_jalali_iso
    from tavana.core.domain.persian_text import search_key
    from tavana.people.selectors import household_members
    from tavana.people.services import child_register

    members = [m["person"] for m in household_members(actor=actor, person=mother)]
    n = 0
    for child in case.children.filter(person__isnull=True).exclude(last_name=""):
        same = next((p for p in members if search_key(p.first_name) == search_key(child.first_name)
                     and p.birth_date == child.birth_date), None)  # fmt: skip
        if same is None:
            try:
                same = child_register(actor=actor, parent=mother, data={
                    "first_name": child.first_name, "last_name": child.last_name,
                    "birth_date": to_jalali_iso(child.birth_date) if child.birth_date else "",
                })  # fmt: skip
            except ServiceError as e:
                raise ServiceError({"register_children": (
                    f"ثبت «{child.first_name}» در سامانه نشد: {e.message}"
                )}) from e  # fmt: skip
            n += 1
        child.person = same
        child.save(update_fields=["person", "updated_at"])
    return n


def followup_record(*, actor, followup: FollowUp, outcome: str, note: str = "",
                    done_on: dt.date | None = None) -> FollowUp:  # fmt: skip
    """Record a follow-up; after the last one the case is «followed up»."""
    case = _guard(actor, followup.case)
    assert case is not None
    done_on = done_on or timezone.localdate()
    errors: dict[str, str] = {}
    if outcome not in dict(FollowUp.OUTCOME_CHOICES):
        errors["outcome"] = "نتیجهٔ پیگیری را انتخاب کنید."
    _not_future(errors, "done_on", done_on, "تاریخ پیگیری")
    if followup.done_on:
        errors["__all__"] = "این پیگیری پیش‌تر ثبت شده است."
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        followup.outcome, followup.note = outcome, _text(note)
        followup.done_on, followup.by = done_on, actor
        followup.save()
        audit_write(actor=actor, action="release.followup", obj=followup,
                    person_id=case.person_id, after={"month": followup.month, "outcome": outcome})  # fmt: skip
        if not case.followups.filter(done_on__isnull=True).exists():
            from .cases import case_move

            case_move(actor=actor, case=case, to=rules.FOLLOWED_UP)
    return followup
