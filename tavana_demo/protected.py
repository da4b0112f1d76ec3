"""Demo data for the protected programmes: a few dozen women in each, with the
prison's referral letters, training, placements in production workshops and a
monthly wages ledger; counselling sessions, family contacts, reunions (one
family reunited after 11 years, as in the source article) and reintegration
goals. Two demo users are cleared, one per programme.

Deterministic (seeded, dates relative to today), idempotent (nothing is added
when a programme has members) and fast (bulk_create). Runs after the registry
loader; with no women registered yet it says so and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.audit.services import audit_write
from tavana.core.domain.jalali import from_jalali, month_length, to_jalali
from tavana.people.models import Person
from tavana.protected.models import (
    CounsellingSession,
    FamilyContact,
    Participant,
    Placement,
    PrisonReferral,
    Programme,
    ReintegrationGoal,
    ReunificationEvent,
    Training,
    WageEntry,
)
from tavana.protected.services import programmes_ensure
from tavana.training.models import Centre
from tavana_demo import demo_rng

PRISON_WOMEN = 36
RECOVERY_WOMEN = 30
# username → (programme, first name, last name); also listed in accounts.demo.DEMO_USERS
DEMO_STAFF = {
    "prison_worker": (Programme.PRISON, "رعنا", "صادقی"),
    "recovery_worker": (Programme.RECOVERY, "پروین", "یزدانی"),
}

DEMO_DISTRICTS = (4, 9, 19)  # the demo registrar's and social workers' districts
PRISONS = ("ندامتگاه زنان قرچک", "بند نسوان زندان تهران بزرگ", "ندامتگاه شهرری")
DETENTION = (
    (PrisonReferral.OPEN_VERDICT, 0.6),
    (PrisonReferral.SEMI_OPEN, 0.25),
    (PrisonReferral.PAROLE, 0.15),
)
TRAININGS = (
    ("خیاطی صنعتی", "دوخت لباس فرم"),
    ("بسته‌بندی خشکبار و مواد غذایی", "بسته‌بندی خشکبار"),
    ("سوزن‌دوزی", "سوزن‌دوزی"),
    ("عروسک‌سازی", "دوخت عروسک"),
    ("تولید شمع و کالای فرهنگی", "تولید شمع"),
)
WHO = ("مادر", "پدر", "خواهر", "برادر", "همسر", "دختر", "پسر", "خاله")
OUTCOMES = (
    "تماس برقرار شد؛ خانواده هنوز آمادهٔ دیدار نیست و پیگیری ادامه دارد.",
    "خانواده از پیشرفت او خوشحال شد و برای دیدار در مرکز اعلام آمادگی کرد.",
    "در بازدید از منزل، نگرانی‌های خانواده شنیده شد و جلسهٔ خانوادگی تعیین شد.",
    "خانواده پذیرفت که در جلسهٔ مشاورهٔ خانوادگی شرکت کند.",
    "شماره‌ای که داشتیم تغییر کرده بود؛ نشانی تازه از محله پیدا شد.",
)
GOALS = (
    "بازگشت به خانه و زندگی با خانواده",
    "یافتن کار پایدار",
    "شرکت منظم در جلسه‌های گروهی",
    "از سرگیری رابطه با فرزندان",
    "گرفتن مدرک مهارت فنی و حرفه‌ای",
    "اجارهٔ خانهٔ مستقل",
)


def _add_months(jy: int, jm: int, n: int) -> tuple[int, int]:
    total = jy * 12 + (jm - 1) + n
    return total // 12, total % 12 + 1


def _pick(rng, weighted):
    r, acc = rng.random(), 0.0
    for value, w in weighted:
        acc += w
        if r < acc:
            return value
    return weighted[-1][0]


def _staff(out) -> dict[str, User]:
    """The two demo users, each cleared for one programme."""
    districts = None
    users = {}
    for username, (code, first, last) in DEMO_STAFF.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": roles.SOCIAL_WORKER, "first_name": first, "last_name": last},
        )
        if created:
            from tavana.core.models import District
            from tavana_demo.accounts import demo_password

            user.set_password(demo_password(username))
            user.save()
            districts = districts or list(District.objects.filter(number__in=DEMO_DISTRICTS))
            user.districts.set(districts)
        users[code] = user
    return users


def _clear(users: dict[str, User], today: dt.date) -> None:
    from tavana_demo.accounts import demo_clearance

    for code, user in users.items():
        # one clearance runs out soon, so the demo shows its reminder
        days = 10 if code == Programme.RECOVERY else 200
        demo_clearance(user, code, days=days, assigned_on=today - dt.timedelta(days=400))


@transaction.atomic
def load_protected(out, *, today: dt.date | None = None) -> None:
    programmes = {p.code: p for p in programmes_ensure()}
    today = today or timezone.localdate()
    users = _staff(out)
    _clear(users, today)
    existing = Participant.objects.count()
    if existing:
        out(f"برنامه‌های ویژه: {existing} عضو (موجود)")
        return
    started = time.monotonic()
    rng = demo_rng("protected")
    women = list(
        Person.objects.filter(
            sex=Person.FEMALE,
            merged_into__isnull=True,
            registration__isnull=False,
            birth_date__lte=today - dt.timedelta(days=20 * 365),
            birth_date__gte=today - dt.timedelta(days=55 * 365),
            # where the demo staff work, so their person pages show the section
            district__number__in=DEMO_DISTRICTS,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    if len(women) < PRISON_WOMEN + RECOVERY_WOMEN:
        out("برنامه‌های ویژه: هنوز زنی در سامانه ثبت نشده است؛ داده‌ای افزوده نشد.")
        return
    chosen = rng.sample(women, PRISON_WOMEN + RECOVERY_WOMEN)
    workshops = list(Centre.objects.filter(has_production_workshop=True).order_by("code")[:12])
    prison = _load_prison(
        rng, programmes[Programme.PRISON], chosen[:PRISON_WOMEN], workshops, users, today
    )
    recovery = _load_recovery(
        rng, programmes[Programme.RECOVERY], chosen[PRISON_WOMEN:], users, today
    )
    audit_write(
        actor=None,
        action="protected.demo_load",
        object_type="protected.programme",
        after={"prison_employment": prison, "recovery": recovery},
        reason="دادهٔ نمایشی",
    )
    out(
        f"برنامه‌های ویژه: {prison} عضو اشتغال، {recovery} عضو بازتوانی "
        f"({time.monotonic() - started:.1f} ثانیه)"
    )


def _load_prison(rng, programme, person_ids, workshops, users, today) -> int:
    worker = users[Programme.PRISON]
    participants = []
    for pid in person_ids:
        joined = today - dt.timedelta(days=rng.randint(60, 700))
        status = Participant.ACTIVE
        if joined < today - dt.timedelta(days=500) and rng.random() < 0.5:
            status = Participant.COMPLETED
        participants.append(
            Participant(
                programme=programme,
                person_id=pid,
                status=status,
                joined_on=joined,
                left_on=joined + dt.timedelta(days=rng.randint(300, 480))
                if status == Participant.COMPLETED
                else None,
                created_by=worker,
            )
        )
    Participant.objects.bulk_create(participants)
    participants = list(Participant.objects.filter(programme=programme).order_by("joined_on", "pk"))
    referrals, trainings, placements, wages = [], [], [], []
    for p in participants:
        jy, jm, _ = to_jalali(p.joined_on)
        referrals.append(
            PrisonReferral(
                participant=p,
                prison=rng.choice(PRISONS),
                letter_number=f"{rng.randint(100, 999)}/{rng.randint(1000, 9999)}/ص/{jy}",
                letter_date=p.joined_on - dt.timedelta(days=rng.randint(3, 20)),
                detention_type=_pick(rng, DETENTION),
                expected_release=p.joined_on + dt.timedelta(days=rng.randint(200, 800)),
            )
        )
        course, work = rng.choice(TRAININGS)
        centre = rng.choice(workshops) if workshops else None
        trained_until = p.joined_on + dt.timedelta(days=rng.randint(30, 60))
        trainings.append(
            Training(
                participant=p,
                title=course,
                centre=centre,
                started_on=p.joined_on + dt.timedelta(days=3),
                ended_on=trained_until if trained_until < today else None,
                hours=rng.choice([40, 60, 80, 120]),
                completed=trained_until < today,
            )
        )
        if centre is None or trained_until >= today:
            continue
        end = p.left_on
        placements.append(
            Placement(
                participant=p, centre=centre, work=work, started_on=trained_until, ended_on=end
            )
        )
        rate = rng.choice([32_000, 36_000, 40_000, 45_000])  # toman an hour
        y, m = _add_months(*to_jalali(trained_until)[:2], 1)
        last = to_jalali(end or today)[:2]
        while (y, m) < last:
            days = rng.randint(16, 26)
            hours = Decimal(days * rng.choice([6, 7, 8]))
            pay_y, pay_m = _add_months(y, m, 1)
            paid = from_jalali(pay_y, pay_m, min(5, month_length(pay_y, pay_m)))
            wages.append(
                WageEntry(
                    participant=p,
                    year=y,
                    month=m,
                    days_worked=days,
                    hours=hours,
                    wage_toman=int(hours * rate) // 1000 * 1000,
                    paid_on=paid if paid <= today else None,
                    recorded_by=worker,
                )
            )
            y, m = _add_months(y, m, 1)
    PrisonReferral.objects.bulk_create(referrals)
    Training.objects.bulk_create(trainings)
    Placement.objects.bulk_create(placements)
    WageEntry.objects.bulk_create(wages, batch_size=1000)
    return len(participants)


def _load_recovery(rng, programme, person_ids, users, today) -> int:
    worker = users[Programme.RECOVERY]
    participants = [
        Participant(
            programme=programme,
            person_id=pid,
            status=Participant.ACTIVE,
            joined_on=today - dt.timedelta(days=rng.randint(90, 720)),
            created_by=worker,
        )
        for pid in person_ids
    ]
    Participant.objects.bulk_create(participants)
    participants = list(Participant.objects.filter(programme=programme).order_by("joined_on", "pk"))
    sessions, contacts, reunions, goals = [], [], [], []
    for i, p in enumerate(participants):
        span = (today - p.joined_on).days
        for _ in range(rng.randint(4, 12)):
            sessions.append(
                CounsellingSession(
                    participant=p,
                    held_on=p.joined_on + dt.timedelta(days=rng.randint(0, span)),
                    kind=rng.choice(
                        [CounsellingSession.INDIVIDUAL] * 3
                        + [CounsellingSession.FAMILY, CounsellingSession.GROUP]
                    ),
                    minutes=rng.choice([45, 60, 90]),
                    counsellor=worker,
                )
            )
        for _ in range(rng.randint(2, 6)):
            contacts.append(
                FamilyContact(
                    participant=p,
                    contacted_on=p.joined_on + dt.timedelta(days=rng.randint(7, span)),
                    who=rng.choice(WHO),
                    channel=rng.choice([c for c, _ in FamilyContact.CHANNEL_CHOICES]),
                    outcome=rng.choice(OUTCOMES),
                    contacted_by=worker,
                )
            )
        if i == 0:  # the family reunited after 11 years (the source article)
            reunions.append(
                ReunificationEvent(
                    participant=p,
                    held_on=p.joined_on + dt.timedelta(days=min(span, 200)),
                    family_members="مادر و برادر",
                    years_apart=11,
                    description="پس از ۱۱ سال دوری، با میانجی‌گری مددکار و مشاور، "
                    "با مادر و برادرش دیدار کرد و به خانه بازگشت.",
                )
            )
        elif rng.random() < 0.3:
            reunions.append(
                ReunificationEvent(
                    participant=p,
                    held_on=p.joined_on + dt.timedelta(days=rng.randint(30, span)),
                    family_members=rng.choice(WHO),
                    years_apart=rng.randint(1, 8),
                    description="دیدار در مرکز با حضور مشاور.",
                )
            )
        for title in rng.sample(GOALS, rng.randint(2, 4)):
            goals.append(
                ReintegrationGoal(
                    participant=p,
                    title=title,
                    status=rng.choice([s for s, _ in ReintegrationGoal.STATUS_CHOICES]),
                    target_date=p.joined_on + dt.timedelta(days=rng.randint(90, 540)),
                )
            )
    CounsellingSession.objects.bulk_create(sessions, batch_size=1000)
    FamilyContact.objects.bulk_create(contacts, batch_size=1000)
    ReunificationEvent.objects.bulk_create(reunions)
    ReintegrationGoal.objects.bulk_create(goals, batch_size=1000)
    return len(participants)
