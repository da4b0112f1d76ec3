import datetime as dt

from django.db import transaction
from django.utils import timezone

from tavana.core.bulk import insert_rows
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.models import District
from tavana.training.models import Centre, RenovationMilestone, RenovationProject
from tavana_demo import demo_rng

CENTRE_COUNT = 95
FACILITIES = [
    "کلاس آموزشی، کارگاه خیاطی",
    "کلاس آموزشی، آشپزخانهٔ آموزشی",
    "کارگاه صنایع دستی، نمازخانه",
    "کلاس رایانه، کتابخانه",
    "کارگاه تولیدی پوشاک، انبار",
    "کلاس آموزشی، اتاق مشاوره، مهدکودک",
]


@transaction.atomic
def load_centres(out) -> None:
    if Centre.objects.exists():
        out(f"مراکز کوثر: {Centre.objects.count()} مرکز (موجود)")
        return
    rng = demo_rng("centres")
    districts = list(District.objects.prefetch_related("neighbourhoods").order_by("number"))
    centres = []
    for i in range(CENTRE_COUNT):
        district = districts[i % len(districts)]
        hoods = list(district.neighbourhoods.all())
        hood = hoods[(i // len(districts)) % len(hoods)]
        rooms = rng.randint(3, 9)
        status = Centre.ACTIVE
        if i % 13 == 5:
            status = Centre.RENOVATION
        centres.append(
            Centre(
                code=f"K{i + 1:03d}",
                name=f"مرکز کوثر {hood.name}",
                district=district,
                neighbourhood=hood,
                address=f"تهران، {district.name}، محلهٔ {hood.name}، "
                f"خیابان {rng.choice(['اصلی', 'شهید رجایی', 'بهار', 'گلستان', 'آزادی'])}، "
                f"پلاک {to_persian_digits(str(rng.randint(2, 180)))}",
                phone=f"021{rng.randint(22000000, 77999999)}",
                rooms=rooms,
                capacity=rooms * rng.choice([12, 15, 18, 20]),
                has_production_workshop=(i % 3 == 0),
                facilities=rng.choice(FACILITIES),
                built_year=rng.randint(1380, 1398),
                status=status,
            )
        )
    Centre.objects.bulk_create(centres)
    out(f"مراکز کوثر: {len(centres)} مرکز")


# ------------------------------------------------------------ a year of training

SKILL_COURSES = (
    "خیاطی مقدماتی",
    "خیاطی پیشرفته",
    "آشپزی و شیرینی‌پزی",
    "بسته‌بندی خشکبار و مواد غذایی",
    "سوزن‌دوزی",
    "مکرومه‌بافی",
    "سفالگری",
    "ساخت عروسک",
    "شمع‌سازی",
    "زیورآلات دست‌ساز",
    "رایانهٔ مقدماتی",
    "گلدوزی و تزیینات پارچه",
)
BUSINESS_WORKSHOPS = (
    "کارگاه طرح کسب‌وکار خانگی",
    "کارگاه فروش اینترنتی",
    "کارگاه قیمت‌گذاری و حساب‌داری ساده",
    "کارگاه بسته‌بندی و برندسازی",
)
TRAINER_NAMES = (
    ("مریم", "کاظمی"), ("زهره", "صادقی"), ("فرشته", "نوری"), ("سیمین", "جعفری"),
    ("الهام", "رحیمی"), ("نسترن", "قاسمی"), ("پروانه", "یوسفی"), ("شیرین", "اکبری"),
    ("منیژه", "کریمی"), ("ناهید", "مرادی"), ("رویا", "حیدری"), ("سمانه", "عباسی"),
    ("طاهره", "فرهادی"), ("لاله", "سلیمانی"), ("فریبا", "نجفی"), ("هما", "امیری"),
    ("آزاده", "ملکی"), ("مهین", "بهرامی"), ("ژیلا", "زارعی"), ("نرگس", "طاهری"),
    ("شهلا", "رستمی"), ("پریسا", "شریفی"), ("مینا", "خسروی"), ("سودابه", "نادری"),
)  # fmt: skip
RENOVATION_STEPS = (
    "بازدید فنی و برآورد",
    "تخریب و آماده‌سازی",
    "نوسازی تأسیسات برق و گرمایش",
    "تجهیز کلاس‌ها و کارگاه",
)
COURSES_PER_CENTRE = 6
TIMES = ((dt.time(9), dt.time(12)), (dt.time(14), dt.time(17)), (dt.time(16), dt.time(18)))


def _renovation(rng, centres, today):
    """This year's renovation programme (1403 when the articles were written) for
    centres built in the 1380s–1390s: the year the demo is made in."""
    from tavana.core.domain.jalali import from_jalali, jalali_year_of

    year = jalali_year_of(today)

    projects, steps = [], []
    for c in centres:
        if not (
            c.status == Centre.RENOVATION or (c.built_year or 1400) < 1390 and rng.random() < 0.6
        ):
            continue
        start = from_jalali(year, rng.randint(1, 6), 1)
        months = rng.randint(4, 9)
        end = start + dt.timedelta(days=30 * months)
        budget = rng.randint(8, 60) * 100_000_000
        projects.append(
            (
                RenovationProject(
                    centre=c,
                    title=rng.choice(
                        [
                            "نوسازی ساختمان و تأسیسات",
                            "بازسازی کلاس‌ها و کارگاه",
                            "مقاوم‌سازی و نوسازی",
                        ]
                    ),
                    programme_year=year,
                    budget_toman=budget,
                    start_date=start,
                    end_date=end,
                ),
                [start + dt.timedelta(days=(i + 1) * 30 * months // 4) for i in range(4)],
            )
        )
    RenovationProject.objects.bulk_create([p for p, _ in projects])
    for p, dues in projects:
        done = 0
        for title, due in zip(RENOVATION_STEPS, dues, strict=True):
            finished = due <= today and not (
                p.centre.status == Centre.RENOVATION and title == RENOVATION_STEPS[-1]
            )
            steps.append(
                RenovationMilestone(
                    project=p, title=title, due_date=due, done_on=due if finished else None
                )
            )
            done += finished
        p.status = (
            RenovationProject.DONE
            if done == len(dues)
            else RenovationProject.UNDERWAY
            if done
            else RenovationProject.PLANNED
        )
        p.spent_toman = p.budget_toman * done // len(dues)
    RenovationMilestone.objects.bulk_create(steps)
    RenovationProject.objects.bulk_update([p for p, _ in projects], ["status", "spent_toman"])
    return len(projects), len(steps)


def _trainers(rng):
    from tavana.accounts import roles
    from tavana.accounts.models import User

    existing = {u.username: u for u in User.objects.filter(role=roles.TRAINER)}
    new = []
    for i, (first, last) in enumerate(TRAINER_NAMES, start=1):
        username = f"trainer{i:02d}"
        if username not in existing:
            u = User(username=username, role=roles.TRAINER, first_name=first, last_name=last)
            u.set_unusable_password()
            new.append(u)
    User.objects.bulk_create(new)
    return list(User.objects.filter(role=roles.TRAINER).order_by("username"))


@transaction.atomic
def load_training(out, *, today: dt.date | None = None) -> dict | None:
    """Renovation projects, a year of courses at every active centre with their
    sessions, enrolments (some on a waitlist), attendance, completions,
    certificates and the services they record. Deterministic and idempotent."""
    import time

    from tavana.accounts.models import User
    from tavana.audit.services import audit_write
    from tavana.casework.models import Delivery, ServiceType
    from tavana.people.models import Person
    from tavana.training.domain import certificate as codes
    from tavana.training.domain.schedule import attendance_percent, completes, session_dates
    from tavana.training.models import (
        Attendance,
        Certificate,
        Course,
        CourseEnrolment,
        CourseSession,
    )

    if Course.objects.exists():
        out(f"دوره‌ها: {Course.objects.count()} دوره (موجود)")
        return None
    started = time.monotonic()
    today = today or timezone.localdate()
    rng = demo_rng("training")
    centres = list(Centre.objects.order_by("code"))
    if not centres:
        out("دوره‌ها: مرکزی نیست؛ داده‌ای ساخته نشد.")
        return None
    n_projects, n_steps = _renovation(rng, centres, today)
    trainers = _trainers(rng)
    demo_trainer = User.objects.filter(username="trainer").first()
    demo_centres = set(demo_trainer.centres.values_list("pk", flat=True)) if demo_trainer else set()
    services = {
        s.code: s for s in ServiceType.objects.filter(code__in=["skills_course", "business_advice"])
    }
    women: dict[int, list[int]] = {}
    for pid, did in Person.objects.filter(
        merged_into__isnull=True, sex=Person.FEMALE, district__isnull=False
    ).values_list("id", "district_id"):
        women.setdefault(did, []).append(pid)

    # courses and their sessions
    plans = []  # (course, dates, times)
    for c in centres:
        if c.status == Centre.CLOSED:
            continue
        mine = c.pk in demo_centres
        for k in range(COURSES_PER_CENTRE):
            business = k % 3 == 2
            n = rng.randint(3, 6) if business else rng.choice([8, 10, 12, 16])
            offset = -330 + k * 60 + rng.randint(0, 40)
            if c.status == Centre.RENOVATION and offset > -120:
                continue  # no new courses once the works began
            first = today + dt.timedelta(days=offset)
            weekdays = rng.sample([5, 6, 0, 1, 2], 1 if business else 2)
            if mine and k >= 4:
                weekdays = sorted({today.weekday(), weekdays[0]})  # sessions today
                first = today - dt.timedelta(days=21)
            dates = session_dates(first, weekdays, n)
            start, end = rng.choice(TIMES)
            trainer = demo_trainer if (mine and demo_trainer) else rng.choice(trainers)
            capacity = min(c.capacity or 20, rng.choice([12, 15, 18, 20]))
            course = Course(
                title=rng.choice(BUSINESS_WORKSHOPS if business else SKILL_COURSES),
                kind=Course.BUSINESS if business else Course.SKILLS,
                centre=c,
                trainer=trainer,
                service=services.get("business_advice" if business else "skills_course"),
                capacity=capacity,
                first_date=dates[0],
                last_date=dates[-1],
                status=Course.FINISHED if dates[-1] < today else Course.OPEN,
            )
            plans.append((course, dates, start, end))
    Course.objects.bulk_create([p[0] for p in plans], batch_size=1000)
    sessions = [
        CourseSession(course=course, date=d, start_time=s, end_time=e)
        for course, dates, s, e in plans
        for d in dates
    ]
    CourseSession.objects.bulk_create(sessions, batch_size=2000)
    by_course: dict[int, list[CourseSession]] = {}
    for s in sessions:
        by_course.setdefault(s.course_id, []).append(s)

    # enrolments, attendance, outcomes
    now = timezone.now()
    enrolments, marks = [], []  # marks: (enrolment index, session, present)
    for course, *_ in plans:
        pool = women.get(course.centre.district_id) or []
        if not pool:
            continue
        popular = rng.random() < 0.25
        wanted = course.capacity + (rng.randint(1, 8) if popular else -rng.randint(0, 4))
        picked = rng.sample(pool, min(len(pool), max(1, wanted)))
        asked = dt.datetime.combine(
            course.first_date - dt.timedelta(days=20), dt.time(9), tzinfo=dt.UTC
        )
        held = [s for s in by_course[course.pk] if s.date <= today]
        seated = 0  # a woman waits only when every seat is taken (the service's rule)
        for i, pid in enumerate(picked):
            requested = asked + dt.timedelta(hours=3 * i)
            if seated >= course.capacity:
                status = CourseEnrolment.WAITLISTED
            elif rng.random() < 0.05 and course.status == Course.OPEN:
                status = CourseEnrolment.WITHDRAWN
            else:
                status = CourseEnrolment.ENROLLED
                seated += 1
            e = CourseEnrolment(
                course=course,
                person_id=pid,
                status=status,
                requested_at=requested,
                status_since=requested,
            )
            enrolments.append(e)
            if status != CourseEnrolment.ENROLLED:
                continue
            keen = rng.uniform(0.55, 0.99)
            present = [rng.random() < keen for _ in held]
            for s, here in zip(held, present, strict=True):
                marks.append((e, s, here))
            if course.status == Course.FINISHED:
                attended = sum(present)
                e.attendance_percent = attendance_percent(attended, len(held))
                ok = completes(attended, len(held), course.threshold)
                e.status = CourseEnrolment.COMPLETED if ok else CourseEnrolment.NOT_COMPLETED
                e.status_since = dt.datetime.combine(course.last_date, dt.time(18), tzinfo=dt.UTC)
    CourseEnrolment.objects.bulk_create(enrolments, batch_size=2000)
    # the one large table (~70,000 rows): COPY on PostgreSQL, executemany on SQLite
    insert_rows(
        Attendance,
        [{"session_id": s.pk, "enrolment_id": e.pk, "present": here} for e, s, here in marks],
        now=now,
    )
    certs, deliveries, seen = [], [], set()
    for e in enrolments:
        if e.status != CourseEnrolment.COMPLETED:
            continue
        code = codes.new_code(rng)
        while code in seen:
            code = codes.new_code(rng)
        seen.add(code)
        course = e.course
        certs.append(Certificate(enrolment=e, code=code, issued_on=course.last_date))
        if course.service_id:
            hours = sum(s.hours for s in by_course[course.pk])
            hourly = course.service.default_unit == "hour"
            qty = (
                round(hours * e.attendance_percent / 100, 1)
                if hourly
                else len(by_course[course.pk])
            )
            deliveries.append(
                Delivery(
                    person_id=e.person_id,
                    service=course.service,
                    delivered_on=course.last_date,
                    centre=course.centre,
                    quantity=qty,
                    unit=course.service.default_unit,
                    note=f"دورهٔ «{course.title}»",
                )
            )
    Certificate.objects.bulk_create(certs, batch_size=2000)
    Delivery.objects.bulk_create(deliveries, batch_size=2000)
    counts = {
        "renovation_projects": n_projects,
        "milestones": n_steps,
        "courses": len(plans),
        "sessions": len(sessions),
        "enrolments": len(enrolments),
        "attendance": len(marks),
        "certificates": len(certs),
    }
    audit_write(
        actor=None, action="training.demo_load", object_type="training.course", after=counts
    )
    seconds = time.monotonic() - started
    out(
        f"دوره‌ها: {to_persian_digits(str(len(plans)))} دوره، "
        f"{to_persian_digits(str(len(sessions)))} جلسه، "
        f"{to_persian_digits(str(len(enrolments)))} ثبت‌نام، "
        f"{to_persian_digits(str(len(certs)))} گواهی، "
        f"{to_persian_digits(str(n_projects))} پروژهٔ نوسازی "
        f"({to_persian_digits(f'{seconds:.1f}')} ثانیه)"
    )
    return counts
