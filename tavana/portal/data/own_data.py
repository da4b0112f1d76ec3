"""Her own data, to take away: what she may see of her record, as a real Excel
workbook (one sheet a section, right to left) or as JSON.

Only what her own pages show her: identity and contact, household, her support
level in plain words, courses and certificates, bazaar choices and booths, consents in the words she agreed
to, her correction requests. Never the sensitive fields (income, health), case
notes, assessments' answers, anything of a protected programme, nor who among
staff did what. The download is a read of her record, audited under her name."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

from tavana.audit.services import audit_read
from tavana.bazaars.selectors import own_rounds
from tavana.businesses.selectors import producer_of_person
from tavana.casework.selectors import support_level_of
from tavana.core.domain.cells import defuse
from tavana.core.domain.jalali import format_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.core.herself import Herself
from tavana.people import consents
from tavana.people.domain import consent as consent_rules
from tavana.people.domain.fields import LABELS
from tavana.people.models import Person
from tavana.people.selectors import household_members, own_change_requests, person_self_get
from tavana.training import selectors as training

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The fields of her record she gets (never Person.SENSITIVE_FIELDS).
OWN_FIELDS = (
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "mobile",
    "other_phones",
    "district",
    "neighbourhood",
    "address",
    "postal_code",
    "education",
    "occupation",
)
FIELD_LABELS = {**LABELS, "neighbourhood": "محله", "education": "تحصیلات"}


@dataclass
class Section:
    key: str  # the JSON key
    title: str  # the sheet's name
    columns: list[tuple[str, str]]  # (JSON key, Persian header)
    rows: list[list] = field(default_factory=list)


def _record(person: Person) -> Section:
    s = Section("record", "مشخصات من", [("field", "مورد"), ("value", "مقدار")])
    assert not set(OWN_FIELDS) & set(Person.SENSITIVE_FIELDS)
    for name in OWN_FIELDS:
        value = getattr(person, name)
        if name == "district":
            value = (
                f"منطقهٔ {to_persian_digits(person.district.number)}" if person.district else None
            )
        elif name == "neighbourhood":
            value = person.neighbourhood.name if person.neighbourhood else None
        elif name == "education":
            value = person.get_education_display() or None
        s.rows.append([FIELD_LABELS[name], value])
    return s


def _household(person: Person) -> Section:
    s = Section(
        "household",
        "خانواده",
        [
            ("first_name", "نام"),
            ("last_name", "نام خانوادگی"),
            ("relation", "نسبت"),
            ("birth_date", "تاریخ تولد"),
        ],  # fmt: skip
    )
    for m in household_members(actor=Herself(person.pk), person=person):
        p = m["person"]
        s.rows.append(
            [p.first_name, p.last_name, m["membership"].get_relation_display(), p.birth_date]
        )
    return s


def _level(person: Person) -> Section:
    s = Section(
        "support",
        "همراهی مرکز",
        [("level", "مرحله"), ("meaning", "یعنی"), ("since", "از"), ("next_talk", "گفت‌وگوی بعدی")],
    )
    level = support_level_of(person=person)
    if level:
        s.rows.append([level["name"], level["description"], level["since"], level["reassess_on"]])
    return s


def _courses(person: Person) -> Section:
    s = Section(
        "courses",
        "دوره‌ها",
        [
            ("course", "دوره"),
            ("centre", "مرکز"),
            ("first_date", "آغاز"),
            ("status", "وضعیت"),
            ("certificate", "کد گواهی"),
            ("certificate_date", "تاریخ گواهی"),
        ],  # fmt: skip
    )
    for e in training.own_enrolments(person_id=person.pk):
        cert = getattr(e, "certificate", None)
        s.rows.append(
            [
                e.course.title,
                e.course.centre.name,
                e.course.first_date,
                e.get_status_display(),
                training.cert_codes.display(cert.code) if cert else None,
                cert.issued_on if cert else None,
            ]
        )
    return s


def _bazaars(person: Person) -> Section:
    s = Section(
        "bazaars",
        "بازارچه‌ها",
        [
            ("event", "بازارچه"),
            ("venue", "مکان"),
            ("start", "از"),
            ("end", "تا"),
            ("choice", "اولویت من"),
            ("booth", "غرفه"),
            ("status", "وضعیت غرفه"),
        ],  # fmt: skip
    )
    producer = producer_of_person(person_id=person.pk)
    if producer is None:
        return s
    for row in own_rounds(producer=producer):
        booths = {b.event_id: b for b in row["booths"]}
        events = [(a.event, a.rank) for a in row["choices"]]
        events += [(b.event, None) for b in row["booths"] if b.event_id not in
                   {a.event_id for a in row["choices"]}]  # fmt: skip
        for event, rank in events:
            booth = booths.get(event.pk)
            s.rows.append(
                [
                    event.name,
                    event.venue.name,
                    event.start_date,
                    event.end_date,
                    rank,
                    booth.booth_no if booth else None,
                    booth.get_status_display() if booth else None,
                ]  # fmt: skip
            )
    return s


def _consents(person: Person) -> Section:
    s = Section(
        "consents",
        "رضایت‌ها",
        [
            ("purpose", "هدف"),
            ("wording", "متنی که پذیرفتید"),
            ("version", "نسخهٔ متن"),
            ("given_on", "تاریخ رضایت"),
            ("withdrawn_on", "تاریخ پس گرفتن"),
        ],  # fmt: skip
    )
    for c in consents.consent_list(person=person):
        s.rows.append(
            [
                c.get_purpose_display(),
                consent_rules.wording(c.purpose, c.wording_version),
                c.wording_version,
                c.given_on,
                c.withdrawn_on,
            ]
        )
    return s


def _corrections(person: Person) -> Section:
    s = Section(
        "corrections",
        "درخواست‌های اصلاح",
        [
            ("field", "مورد"),
            ("old", "پیشین"),
            ("new", "درخواستی"),
            ("reason", "دلیل"),
            ("asked_at", "زمان درخواست"),
            ("status", "وضعیت"),
            ("answer", "پاسخ"),
        ],  # fmt: skip
    )
    for cr in own_change_requests(person_id=person.pk):
        for k, (old, new) in cr.changes.items():
            s.rows.append(
                [
                    LABELS.get(k, k),
                    old,
                    new,
                    cr.reason,
                    cr.created_at.date(),
                    cr.get_status_display(),
                    cr.decision_note or None,
                ]  # fmt: skip
            )
    return s


def own_data(*, person_id: int) -> list[Section]:
    """Every section of what she may take away (audited as her read)."""
    person = person_self_get(person_id=person_id)
    parts = (_record, _household, _level, _courses, _bazaars, _consents, _corrections)
    sections = [f(person) for f in parts]
    audit_read(
        actor=Herself(person_id),
        action="portal.own_data",
        fields=["national_code", "mobile", "address", "children", "consents"],
        person_id=person_id,
    )
    return sections


def _shown(value):
    """A cell: dates in Jalali with Persian digits, text defused, numbers as numbers."""
    if isinstance(value, dt.date):
        return format_jalali(value)
    if isinstance(value, str):
        return defuse(value)
    return value


def as_xlsx(sections: list[Section]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for s in sections:
        ws = wb.create_sheet(s.title)
        ws.sheet_view.rightToLeft = True
        ws.append([header for _k, header in s.columns])
        for cell in ws[1]:
            cell.font = bold
        for row in s.rows:
            ws.append([_shown(v) for v in row])
        if not s.rows:
            ws.append(["چیزی ثبت نشده است."])
        for i, _ in enumerate(s.columns):
            ws.column_dimensions[chr(ord("A") + i)].width = 24 if i else 20
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _json_value(value):
    if isinstance(value, dt.date):
        return {"iso": value.isoformat(), "jalali": format_jalali(value, persian_digits=False)}
    return value


def as_json(sections: list[Section]) -> bytes:
    body = {
        "about": "داده‌های شما در سامانهٔ توانای مرکز امور زنان و خانواده",
        **{
            s.key: {
                "title": s.title,
                "columns": dict(s.columns),
                "rows": [
                    {k: _json_value(v) for (k, _h), v in zip(s.columns, row, strict=True)}
                    for row in s.rows
                ],
            }
            for s in sections
        },
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode()
