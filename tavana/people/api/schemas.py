"""The API's request and response shapes (django-ninja schemas)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class SensitiveOut(Schema):
    health_notes: str
    monthly_income: int | None


class PersonBrief(Schema):
    id: int
    national_code: str | None
    first_name: str
    last_name: str
    father_name: str
    sex: str
    birth_date: dt.date | None
    birth_date_jalali: str = Field(description="تاریخ تولد شمسی، مثل 1370-05-12")
    mobile: str
    district: int | None = Field(description="شمارهٔ منطقه")


class PersonOut(PersonBrief):
    age: int | None
    other_phones: str
    neighbourhood_id: int | None
    address: str
    postal_code: str
    education: str
    occupation: str
    marital_status: str
    households: list[int] = Field(description="خانوارهای کنونی")
    created_at: dt.datetime
    updated_at: dt.datetime
    sensitive: SensitiveOut | None = Field(
        None, description="فقط برای نقش‌های مجاز و با ?include=sensitive (ثبت در دفتر رویدادها)"
    )


class PersonListItem(PersonBrief):
    match: Literal["exact", "prefix", "substring", "fuzzy"] | None = Field(
        None, description="با q: نوع تطبیق نام یا شماره"
    )


class PersonPage(Schema):
    items: list[PersonListItem]
    next: str | None = Field(description="مقدار after برای صفحهٔ بعد؛ null یعنی صفحهٔ آخر")


class PersonFields(Schema):
    """Fields as typed: text in any digit script; what is wrong comes back per field."""

    mobile: str | None = None
    other_phones: str | None = None
    district: int | str | None = Field(None, description="شمارهٔ منطقه")
    neighbourhood_id: int | None = None
    address: str | None = None
    postal_code: str | None = None
    education: str | None = None
    occupation: str | None = None
    marital_status: str | None = None
    health_notes: str | None = None
    monthly_income: int | str | None = None


class HouseholdJoin(Schema):
    id: int | None = Field(None, description="خانوار موجود؛ خالی یعنی خانوار تازه")
    relation: Literal["head", "spouse", "child", "other"]


class RegistrationIn(Schema):
    channel: Literal["staff", "campaign", "import", "partner"] = "staff"
    referred_by: str = ""
    consents: list[Literal["services", "sms", "partner_referral", "research"]] = []


class PersonIn(PersonFields):
    national_code: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    father_name: str | None = None
    sex: Literal["F", "M"] | None = None
    birth_date: str | None = Field(
        None, description="شمسی با هر نوع رقم (۱۳۷۰/۰۵/۱۲) یا میلادی ISO (1991-08-03)"
    )
    birth_date_jalali: str | None = Field(None, description="همان تاریخ تولد، فقط شمسی")
    other_id_kind: Literal["residence", "census", "passport", "refugee"] | None = Field(
        None, description="بی کد ملی: نوع مدرک دیگر (کارت اقامت، آمایش، گذرنامه، پناهندگی)"
    )
    other_id: str | None = Field(None, description="بی کد ملی: شمارهٔ مدرک دیگر")
    no_code_reason: str | None = Field(None, description="بی کد ملی: چرا کد ملی ندارد")
    household: HouseholdJoin | None = None
    registration: RegistrationIn | None = Field(
        None, description="ثبت‌نام در مرکز (برای زنان)؛ خالی یعنی فقط ثبت فرد"
    )


class PersonPatch(PersonFields):
    # Identity fields are refused here with a Persian message: they change only
    # through a change request.
    national_code: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    father_name: str | None = None
    birth_date: str | None = None
    sex: Literal["F", "M"] | None = None


class Errors(Schema):
    """Every 422: a Persian message per field ("__all__" for the whole request)
    and a machine-readable code; a refused duplicate names the existing person
    when she is in the caller's scope."""

    errors: dict[str, str]
    code: str
    existing_id: int | None = None


class Detail(Schema):
    detail: str


class MemberOut(Schema):
    person_id: int
    first_name: str
    last_name: str
    relation: str
    relation_label: str
    birth_date: dt.date | None
    birth_date_jalali: str
    age: int | None
    child_under_20: bool
    start_date: dt.date
    start_date_jalali: str


class HouseholdOut(Schema):
    id: int
    district: int | None
    address: str
    members: list[MemberOut]
    children_under_20: list[int] = Field(description="شناسهٔ فرزندان زیر ۲۰ سال (از تاریخ تولد)")


class MemberIn(Schema):
    person_id: int
    relation: Literal["head", "spouse", "child", "other"]
    start_date: str | None = Field(None, description="شمسی یا میلادی ISO؛ خالی یعنی امروز")


class ChangeRequestOut(Schema):
    id: int
    person_id: int
    person_name: str
    changes: dict[str, list[str | None]] = Field(description="{فیلد: [مقدار پیشین، مقدار تازه]}")
    reason: str
    status: str
    status_label: str
    requested_by: str
    created_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str


class ChangeRequestPage(Schema):
    items: list[ChangeRequestOut]
    next: int | None


class ChangeRequestIn(Schema):
    person_id: int
    changes: dict[str, str | None] = Field(
        description="فیلدهای هویتی: national_code, first_name, last_name, father_name, birth_date"
    )
    reason: str = ""


class DecisionIn(Schema):
    decision: Literal["approve", "reject"]
    note: str = ""
