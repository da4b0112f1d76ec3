"""Plain functions that make the partners' rows tests need (through the services)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.partners import services
from tavana.partners.models import Agreement, Axis, Organisation

TODAY = dt.date.today()


def axes() -> list[Axis]:
    """The four axes a data migration seeds (a flushing test before may have emptied them)."""
    from importlib import import_module

    seeded = import_module("tavana.partners.migrations.0002_seed_organisations_and_axes").AXES
    for code, name, order in seeded:
        Axis.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    return list(Axis.objects.order_by("order"))


def manager(username: str = "partners-manager") -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": roles.MANAGER, "first_name": "الهام", "last_name": "محمدی",
                  "mobile": "09121110000"},
    )  # fmt: skip
    return user


def organisation(code: str = "acecr", name: str = "جهاد دانشگاهی", kind=Organisation.ACADEMIC):
    o = Organisation.objects.filter(code=code).first()
    return o or services.organisation_save(
        actor=manager(), data={"code": code, "name": name, "kind": kind}
    )


def agreement(*, starts_ago: int = 30, signed: bool = True, owner=None, org=None, **data):
    start = TODAY - dt.timedelta(days=starts_ago)
    values = {
        "organisation": org or organisation(),
        "kind": Agreement.MEMORANDUM,
        "title": "تفاهم‌نامهٔ آزمایشی",
        "starts_on": start,
        "signed_on": start if signed else None,
        "owner": owner or manager(),
    }
    values.update(data)
    return services.agreement_create(actor=manager(), data=values, axes=list(Axis.objects.all()))


def project(a, *, title="پروژهٔ آزمایشی", horizon="quick", budget=100, staff=2, value=3, **kw):
    data = {
        "title": title,
        "axis": kw.pop("axis", None) or Axis.objects.first(),
        "horizon": horizon,
        "value": value,
        "feasibility": kw.pop("feasibility", 3),
        "speed": kw.pop("speed", 3),
        "budget": budget,
        "staff_months": staff,
    }
    data.update(kw)
    return services.project_create(actor=manager(), agreement=a, data=data)


def document_file(name="agreement.pdf", content=b"%PDF-1.4 test"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def partners_route_kwargs() -> dict:
    """Kwargs for every partners route in the matrix test."""
    a = agreement()
    p = project(a)
    m = services.milestone_add(actor=manager(), project=p, title="گام", due_on=TODAY)
    i = services.indicator_add(
        actor=manager(), project=p, data={"kind": "output", "name": "شاخص", "target": 10}
    )
    o = services.obligation_add(actor=manager(), agreement=a, party="center", text_="تعهد")
    d = services.document_add(actor=manager(), agreement=a, title="متن", file=document_file())
    pf = services.portfolio_save(
        actor=manager(), agreement=a, year=1404,
        limits={"budget": 1000, "staff": 10, "min_count": 1, "max_count": 2, "quick_only": True},
        weights={"value": 1, "feasibility": 1, "speed": 1, "cost": 1},
    )  # fmt: skip
    s = sharing(a)
    token, _ = services.sharing_token_issue(actor=manager(), sharing=s)
    from tavana.core.domain import jalali

    # protected figures are published for a whole Jalali month (finding 6)
    start, end = jalali.month_range(*jalali.to_jalali(TODAY - dt.timedelta(days=30))[:2])
    e = services.extract_make(actor=manager(), sharing=s, kind="tables", start=start, end=end)
    ag, pj = {"agreement_id": a.pk}, {"project_id": p.pk}
    return {
        "partners:sharing_new": ag,
        "partners:sharing": {"sharing_id": s.pk},
        "partners:sharing_token": {"sharing_id": s.pk},
        "partners:sharing_token_revoke": {"token_id": token.pk},
        "partners:extract_new": {"sharing_id": s.pk},
        "partners:extract": {"extract_id": e.pk},
        "partners:overlap_new": {"sharing_id": s.pk},
        "partners:organisation": {"organisation_id": a.organisation_id},
        "partners:agreement": ag,
        "partners:agreement_sign": ag,
        "partners:obligation_add": ag,
        "partners:obligation_done": {"obligation_id": o.pk},
        "partners:document_add": ag,
        "partners:document": {"document_id": d.pk},
        "partners:project_new": ag,
        "partners:portfolio_new": ag,
        "partners:project": pj,
        "partners:project_status": pj,
        "partners:milestone_add": pj,
        "partners:milestone_done": {"milestone_id": m.pk},
        "partners:indicator_add": pj,
        "partners:measurement_add": {"indicator_id": i.pk},
        "partners:portfolio": {"portfolio_id": pf.pk},
        "partners:portfolio_propose": {"portfolio_id": pf.pk},
        "partners:portfolio_decide": {"portfolio_id": pf.pk},
    }


def analyst(username: str = "acecr-analyst") -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": roles.PARTNER_ANALYST, "first_name": "سمیرا", "last_name": "نادری"},
    )
    return user


def sharing(a=None, *, who=None, **kw):
    a = a or agreement()
    values = {
        "title": "شاخص‌های ماهانه برای جهاد دانشگاهی",
        "indicators": ["women", "services"],
        "analyst": who or analyst(),
        "data_from": a.starts_on,
        "valid_until": a.ends_on,
        "by_district": True,
        "record_level": True,
    }
    values.update(kw)
    return services.sharing_create(actor=manager(), agreement=a, **values)
