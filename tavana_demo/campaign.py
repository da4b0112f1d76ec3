"""The campaign's demo data: mentors, ~3,000 sign-ups over the past year across
the 22 districts and the pipeline's stages, accepted pairs and mentoring sessions.

Deterministic (`demo_rng`, dates relative to today), idempotent (nothing is
added when sign-ups exist) and written with `bulk_create`. About one sign-up
in ten is a woman of the registry: most of them already linked, a few waiting
for the coordinator's link step (the duplicate matcher finds them).
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.audit.services import audit_write
from tavana.businesses.models import Category
from tavana.campaign.domain import pipeline
from tavana.campaign.models import Match, Mentor, MentoringSession, SignUp, StageChange
from tavana.core.models import District
from tavana.people.models import Person
from tavana_demo import demo_rng
from tavana_demo.synthetic import FIRST_NAMES, LAST_NAMES

SIGNUPS = 3_000
MENTORS = 60
ROOM_LEFT = 2  # places each mentor keeps free for the matching demo
REGISTRY_SHARE = 0.10  # sign-ups who are women of the registry
DISTRICT_WEIGHTS = {
    1: 1.0, 2: 1.5, 3: 1.0, 4: 4.0, 5: 3.0, 6: 1.5, 7: 2.0, 8: 3.0, 9: 3.5, 10: 3.5, 11: 2.5,
    12: 3.0, 13: 3.0, 14: 4.0, 15: 6.5, 16: 5.5, 17: 6.0, 18: 5.5, 19: 6.0, 20: 5.5, 21: 2.0,
    22: 2.0,
}  # fmt: skip
IDEAS = [
    "دوخت لباس کودک در خانه",
    "پخت و بسته‌بندی شیرینی خانگی",
    "ساخت شمع‌های تزئینی",
    "بافت عروسک و اسباب‌بازی",
    "بسته‌بندی خشکبار برای فروش آنلاین",
    "سوزن‌دوزی روی رومیزی و کیف",
    "ساخت زیورآلات با سنگ و مهره",
    "مکرومه‌بافی برای تزئین خانه",
    "",
    "",
    "",
]


@contextmanager
def _keep_timestamps(*models_):
    """Let bulk_create write the historical created_at/updated_at given."""
    fields = [
        f
        for m in models_
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def load_campaign(out) -> None:
    existing = SignUp.objects.count()
    if existing:
        out(f"پویش «کار تو خونمونه»: {existing} ثبت‌نام (موجود)")
        return
    started = time.monotonic()
    rng = demo_rng("campaign")
    districts = {d.number: d for d in District.objects.all()}
    if not districts:
        out("پویش: منطقه‌ای نیست؛ نخست جغرافیا را بار کنید.")
        return
    categories = list(Category.objects.filter(active=True).order_by("order", "id"))
    now = timezone.now()
    today = timezone.localdate()
    numbers = sorted(districts)

    with transaction.atomic(), _keep_timestamps(Mentor, SignUp, Match, MentoringSession):
        # ---- mentors: the demo trainer, and external mentors over 2-4 neighbouring districts
        mentors: list[Mentor] = []
        trainer = User.objects.filter(username="trainer", role=roles.TRAINER).first()
        specs = []
        for i in range(MENTORS):
            centre = rng.choice(numbers)
            span = rng.randint(2, 4)
            served = sorted({min(max(centre + k, numbers[0]), numbers[-1]) for k in range(span)})
            cats = rng.sample(categories, k=min(len(categories), rng.randint(1, 3)))
            user = trainer if i == 0 and trainer else None
            if user is not None:
                served = [4, 9, 19]
            m = Mentor(
                user=user,
                name="" if user else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                mobile="" if user else f"0912{rng.randrange(10**7):07d}",
                weekly_capacity=rng.randint(4, 10),
                created_at=now - dt.timedelta(days=400),
                updated_at=now - dt.timedelta(days=400),
            )
            mentors.append(m)
            specs.append(([districts[n] for n in served if n in districts], cats))
        Mentor.objects.bulk_create(mentors)
        DistrictLink = Mentor.districts.through
        CategoryLink = Mentor.categories.through
        DistrictLink.objects.bulk_create(
            [
                DistrictLink(mentor_id=m.pk, district_id=d.pk)
                for m, (ds, _) in zip(mentors, specs, strict=True)
                for d in ds
            ]
        )
        CategoryLink.objects.bulk_create(
            [
                CategoryLink(mentor_id=m.pk, category_id=c.pk)
                for m, (_, cs) in zip(mentors, specs, strict=True)
                for c in cs
            ]
        )
        by_district: dict[int, list[int]] = {}
        for idx, (ds, _) in enumerate(specs):
            for d in ds:
                by_district.setdefault(d.number, []).append(idx)
        free = [m.weekly_capacity for m in mentors]

        # ---- registry women who also signed up
        registry_ids = list(
            Person.objects.filter(merged_into__isnull=True, district__isnull=False)
            .exclude(mobile="")
            .order_by("id")
            .values_list("id", flat=True)
        )
        picked = rng.sample(registry_ids, k=min(len(registry_ids), int(SIGNUPS * REGISTRY_SHARE)))
        known = {
            p["id"]: p
            for p in Person.objects.filter(id__in=picked).values(
                "id", "first_name", "last_name", "mobile", "district__number"
            )
        }

        # ---- sign-ups, oldest first
        weights = [DISTRICT_WEIGHTS.get(n, 1.0) for n in numbers]
        used_mobiles: set[str] = set()
        rows: list[tuple[SignUp, str, int]] = []  # (sign-up, planned stage, age in days)
        ages = sorted((rng.randint(0, 364) for _ in range(SIGNUPS)), reverse=True)
        for i, age in enumerate(ages):
            person = known.get(picked[i]) if i < len(picked) else None
            if person:
                first, last, mobile = person["first_name"], person["last_name"], person["mobile"]
                number = person["district__number"]
            else:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                mobile = f"09{rng.choice('0123'):s}{rng.randrange(10**8):08d}"
                number = rng.choices(numbers, weights=weights)[0]
            if mobile in used_mobiles:
                continue
            used_mobiles.add(mobile)
            at = now - dt.timedelta(days=age, minutes=rng.randrange(600))
            roll = rng.random()
            # Older sign-ups are further along the pipeline.
            if age > 60 and roll < 0.30:
                stage = pipeline.STARTED
            elif age > 14 and roll < 0.55:
                stage = pipeline.MENTORED
            elif age > 3 and roll < 0.75:
                stage = pipeline.CONTACTED
            else:
                stage = pipeline.NEW
            s = SignUp(
                first_name=first,
                last_name=last,
                mobile=mobile,
                district=districts[number],
                category=rng.choice(categories) if categories and rng.random() < 0.6 else None,
                idea=rng.choice(IDEAS),
                experience=rng.choices(
                    [SignUp.NONE, SignUp.SOME, SignUp.SELLING], weights=[5, 4, 1]
                )[0],
                primary_earner=rng.random() < 0.45,
                stage=pipeline.NEW,
                person_id=person["id"] if person and rng.random() < 0.8 else None,
                created_at=at,
                updated_at=at,
            )
            rows.append((s, stage, age))

        # ---- pairs: open pairs (mentored) only while the mentor has room
        matches: list[Match] = []
        plans: list[tuple[int, str, int]] = []  # (row index, final stage, mentor index)
        for r, (s, stage, _age) in enumerate(rows):
            if stage not in (pipeline.MENTORED, pipeline.STARTED):
                s.stage = stage
                continue
            options = by_district.get(s.district.number, [])
            if stage == pipeline.MENTORED:  # leave a few places for the coordinator's proposal
                options = [k for k in options if free[k] > ROOM_LEFT]
            if not options:
                s.stage = pipeline.CONTACTED
                continue
            k = rng.choice(options)
            if stage == pipeline.MENTORED:
                free[k] -= 1
            s.stage = stage
            plans.append((r, stage, k))
        SignUp.objects.bulk_create([s for s, _, _ in rows], batch_size=1000)

        changes: list[StageChange] = []
        sessions: list[MentoringSession] = []
        first_session: dict[int, dt.date] = {}
        for r, _stage, k in plans:
            s = rows[r][0]
            signed = timezone.localtime(s.created_at).date()
            wait = rng.randint(2, 25 if s.primary_earner else 45)
            first = min(signed + dt.timedelta(days=wait), today)
            decided = timezone.make_aware(
                dt.datetime.combine(first - dt.timedelta(days=1), dt.time(10))
            )
            matches.append(
                Match(
                    signup=s,
                    mentor=mentors[k],
                    status=Match.ACCEPTED,
                    reasons=["بار نمایشی"],
                    decided_at=max(decided, s.created_at),
                    created_at=max(decided, s.created_at),
                    updated_at=max(decided, s.created_at),
                )
            )
            first_session[r] = first
        Match.objects.bulk_create(matches, batch_size=1000)

        for (r, _stage, _k), match in zip(plans, matches, strict=True):
            s = rows[r][0]
            day = first_session[r]
            for n in range(rng.randint(1, 6)):
                if day > today:
                    break
                at = timezone.make_aware(dt.datetime.combine(day, dt.time(16)))
                sessions.append(
                    MentoringSession(
                        match=match,
                        date=day,
                        minutes=rng.choice([30, 45, 60, 90]),
                        notes="" if n else "آشنایی، ایده و بازار هدف",
                        next_step=rng.choice(
                            ["نمونه‌سازی", "قیمت‌گذاری", "عکاسی از محصول", "ثبت در بازارچه"]
                        ),
                        created_at=at,
                        updated_at=at,
                    )
                )
                day += dt.timedelta(days=rng.randint(6, 10))
            s.first_mentoring_on = first_session[r]
        MentoringSession.objects.bulk_create(sessions, batch_size=2000)
        SignUp.objects.bulk_update(
            [rows[r][0] for r, _, _ in plans], ["first_mentoring_on"], batch_size=500
        )

        for r, (s, _stage, _age) in enumerate(rows):
            signed = s.created_at
            changes.append(StageChange(signup=s, source="", target=pipeline.NEW, at=signed))
            if s.stage == pipeline.NEW:
                continue
            contacted = signed + dt.timedelta(days=rng.randint(1, 3))
            if s.stage == pipeline.CONTACTED or r not in first_session:
                changes.append(
                    StageChange(
                        signup=s, source=pipeline.NEW, target=pipeline.CONTACTED, at=contacted
                    )
                )
                continue
            mentored = timezone.make_aware(dt.datetime.combine(first_session[r], dt.time(16)))
            changes.append(
                StageChange(
                    signup=s,
                    source=pipeline.NEW,
                    target=pipeline.CONTACTED,
                    at=min(contacted, mentored),
                )
            )
            changes.append(
                StageChange(
                    signup=s,
                    source=pipeline.CONTACTED,
                    target=pipeline.MENTORED,
                    at=mentored,
                    note="نخستین جلسهٔ منتورینگ",
                )
            )
            if s.stage == pipeline.STARTED:
                changes.append(
                    StageChange(
                        signup=s,
                        source=pipeline.MENTORED,
                        target=pipeline.STARTED,
                        at=min(mentored + dt.timedelta(days=rng.randint(20, 60)), now),
                    )
                )
        StageChange.objects.bulk_create(changes, batch_size=2000)
        counts = {
            "mentors": len(mentors),
            "signups": len(rows),
            "pairs": len(matches),
            "sessions": len(sessions),
        }
        audit_write(
            actor=None,
            action="demo.load",
            object_type="campaign.SignUp",
            after=counts,
            reason="دادهٔ نمایشی پویش «کار تو خونمونه»",
        )
    out(
        f"پویش «کار تو خونمونه»: {len(mentors)} منتور، {len(rows)} ثبت‌نام، "
        f"{len(matches)} جفت، {len(sessions)} جلسه ({time.monotonic() - started:.1f} ثانیه)"
    )
