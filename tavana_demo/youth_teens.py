"""Demo: last summer's «به وقت نوجوانی» teen courses (see youth.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def teens(rng, today, children, actor) -> dict:
    """Last summer's «به وقت نوجوانی»: six courses of ten sessions, 12–19 year-olds
    of the centre's district, consents first, attendance, certificates, teams and
    follow-ups (written as rows, as the training demo does)."""
    from tavana.accounts import roles
    from tavana.accounts.models import User
    from tavana.core.domain.persian_text import to_persian_digits
    from tavana.people.models import Person
    from tavana.training.domain import certificate as codes
    from tavana.training.models import (
        Attendance,
        Centre,
        Certificate,
        Course,
        CourseEnrolment,
        CourseSession,
    )
    from tavana.youth.models import ParentConsent, TeenFollowUp, TeenProgramme, TeenTeam

    from .youth import mothers_of

    trainer = User.objects.filter(role=roles.TRAINER, is_active=True).order_by("pk").first()
    centres = list(Centre.objects.filter(status="active").order_by("code")[:6])
    if trainer is None or not centres:
        return {"programmes": 0}
    import jdatetime

    jy = jdatetime.date.fromgregorian(date=today).year
    if jdatetime.date(jy, 6, 1).togregorian() > today:
        jy -= 1
    themes = ["entrepreneurship", "innovation", "startup"]
    titles = {"entrepreneurship": "کارآفرینی نوجوانان", "innovation": "کارگاه نوآوری و ایده‌پردازی",
              "startup": "استارتاپ نوجوان: از ایده تا نمونه"}  # fmt: skip
    by_district: dict[int, list[int]] = {}
    for pk, born, district in children:
        if 12 <= jy - jdatetime.date.fromgregorian(date=born).year <= 19:
            by_district.setdefault(district, []).append(pk)
    n_teens = n_certs = 0
    for k, centre in enumerate(centres):
        theme = themes[k % 3]
        first = jdatetime.date(jy, 4, 5 + k).togregorian()
        course = Course.objects.create(
            title=f"{titles[theme]} — تابستان {to_persian_digits(jy)}", kind=Course.TEEN, centre=centre, trainer=trainer,
            capacity=20, threshold=75, first_date=first, last_date=first + dt.timedelta(days=27),
            status=Course.FINISHED, description="دورهٔ تابستانی «به وقت نوجوانی»",
        )  # fmt: skip
        programme = TeenProgramme.objects.create(
            course=course, theme=theme, showcase_on=first + dt.timedelta(days=30),
            showcase_place=f"{centre.name} — نمایش پایانی",
        )  # fmt: skip
        sessions = CourseSession.objects.bulk_create(
            [CourseSession(course=course, date=first + dt.timedelta(days=3 * i),
                           start_time=dt.time(9, 0), end_time=dt.time(12, 0)) for i in range(10)]
        )  # fmt: skip
        pool = by_district.get(centre.district_id, [])
        teens = rng.sample(pool, min(len(pool), rng.randint(12, 18)))
        mothers = mothers_of(teens)
        people = Person.objects.in_bulk(teens)
        done = []
        for pk in teens:
            child = people[pk]
            if pk not in mothers:
                continue
            ParentConsent.objects.create(programme=programme, child=child, parent_id=mothers[pk],
                                         method=rng.choice(["signed", "in_person", "phone"]),
                                         given_on=first - dt.timedelta(days=7), recorded_by=actor)  # fmt: skip
            present = [s for s in sessions if rng.random() < 0.88]
            percent = round(100 * len(present) / len(sessions))
            ok = percent >= course.threshold
            now = timezone.now()
            e = CourseEnrolment.objects.create(
                course=course, person=child, status="completed" if ok else "not_completed",
                requested_at=now, status_since=now, enrolled_by=actor, attendance_percent=percent,
            )  # fmt: skip
            Attendance.objects.bulk_create(
                [Attendance(session=s, enrolment=e, present=s in present, marked_by=trainer)
                 for s in sessions]
            )  # fmt: skip
            if ok:
                Certificate.objects.create(enrolment=e, code=codes.new_code(rng),
                                           issued_on=course.last_date, issued_by=actor)  # fmt: skip
                n_certs += 1
                done.append(child)
                choice = rng.choice(["stream", "stream", "skill", "job", "business", "undecided"])
                TeenFollowUp.objects.create(programme=programme, child=child, choice=choice,
                                            asked_on=course.last_date + dt.timedelta(days=60),
                                            recorded_by=actor)  # fmt: skip
            n_teens += 1
        for t in range(0, len(done), 4):
            team = TeenTeam.objects.create(programme=programme, name=f"گروه {to_persian_digits(t // 4 + 1)}",
                                           project=rng.choice(["اپلیکیشن بازیافت محله",
                                                               "فروشگاه برخط صنایع‌دستی",
                                                               "ربات آبیاری گلدان",
                                                               "بازی آموزشی ریاضی"]),
                                           showcased=True)  # fmt: skip
            team.members.set(done[t : t + 4])
    return {"programmes": len(centres), "teens": n_teens, "certificates": n_certs}


# Demo staff cleared for children's data (approved by the demo's administrator;
# a real clearance is asked by one administrator and approved by another). The
# programme-only social workers are not: /youth/ tells them why they see nothing.
