"""Demo data sharing: two data-sharing agreements for the partner analyst
(«partner»), one extract made, and a partner's list for `tavana overlap`
(written under TAVANA_HOME/demo/overlap/ with a shared secret)."""

from __future__ import annotations

import csv
import datetime as dt

from django.conf import settings

from tavana.accounts import roles
from tavana.accounts.models import User
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import to_persian_digits
from tavana.partners import overlap, services
from tavana.partners.domain import agreements as rules
from tavana.partners.domain.sharing import period_before
from tavana.partners.models import Agreement, DataSharing, Extract, OverlapRun
from tavana.partners.services.common import today
from tavana.people.models import Person

from . import demo_rng

SHARINGS = (
    ("acecr", "شاخص‌های ماهانه برای جهاد دانشگاهی", ["women", "services", "courses"], True, "monthly"),
    ("welfare_org", "شاخص‌های فصلی برای بهزیستی", ["women", "services"], False, "quarterly"),
)  # fmt: skip
SERVICES = ("مستمری", "کمک هزینهٔ درمان", "سبد غذایی")
SECRET = "demo secret shared with the Welfare Organisation — change it for real use"


def load_sharing(out) -> None:
    analyst = User.objects.filter(role=roles.PARTNER_ANALYST).order_by("pk").first()
    manager = User.objects.filter(role=roles.MANAGER).order_by("pk").first()
    if analyst is None or manager is None:
        return
    for code, title, indicators, record_level, frequency in SHARINGS:
        a = (
            Agreement.objects.filter(
                organisation__code=code, status__in=(rules.SIGNED, rules.ACTIVE, rules.EXPIRING)
            )
            .order_by("-ends_on")
            .first()
        )
        if a is None or DataSharing.objects.filter(agreement=a, title=title).exists():
            continue
        s = services.sharing_create(
            actor=manager, agreement=a, title=title, indicators=indicators, analyst=analyst,
            data_from=a.starts_on, valid_until=a.ends_on, by_district=True,
            frequency=frequency, record_level=record_level,
        )  # fmt: skip
        # the last whole period, as the scheduled extracts take it (protected
        # tables are published for whole Jalali months, seasons or years only)
        start, end = period_before(today(), frequency)
        services.extract_make(actor=manager, sharing=s, kind=Extract.TABLES, start=start, end=end)
    out(f"تبادل داده: {DataSharing.objects.count()} توافق، {Extract.objects.count()} برداشت")
    _partner_list(out)
    _overlap_run(out, analyst)


def _overlap_run(out, analyst) -> None:
    """The Welfare Organisation's list counted against the registry once, as its
    analyst would on her data-sharing page: only the counts are kept."""
    if OverlapRun.objects.exists():
        return
    sharing = DataSharing.objects.filter(agreement__organisation__code="welfare_org").first()
    folder = settings.TAVANA_HOME / "demo" / "overlap"
    if sharing is None or not (folder / "welfare-list.csv").exists():
        return
    secret = overlap.read_secret(folder / "secret.txt")
    partner = overlap.list_encoded(folder / "welfare-list.csv", secret, "خدمت")
    result = overlap.count_against_registry(partner, secret)
    run = services.overlap_run_record(
        actor=analyst, agreement=sharing.agreement, sharing=sharing, result=result,
        group_label="خدمت",
    )  # fmt: skip
    out(
        f"شمارش هم‌پوشانی با فهرست بهزیستی: {to_persian_digits(run.matched) if run.matched else 'کمتر از ۵'} نفر (فقط شمار نگه داشته شد)"
    )


def _jalali(d: dt.date | None) -> str:
    return "{}/{:02d}/{:02d}".format(*to_jalali(d)) if d else ""


def _partner_list(out) -> None:
    """The Welfare Organisation's list: 150 women of the registry typed their way
    (Arabic ي/ك, Persian digits) and 100 others."""
    folder = settings.TAVANA_HOME / "demo" / "overlap"
    path = folder / "welfare-list.csv"
    if path.exists():
        return
    rng = demo_rng("overlap-list")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    persons = list(
        Person.objects.filter(merged_into__isnull=True)
        .exclude(national_code__isnull=True)
        .order_by("pk")[:400]
    )
    chosen = rng.sample(persons, min(150, len(persons)))
    rows = []
    for p in chosen:
        arabic = str.maketrans("یک", "يك")
        rows.append(
            [
                p.national_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
                p.first_name.translate(arabic),
                p.last_name.translate(arabic),
                p.father_name,
                _jalali(p.birth_date),
                p.mobile,
                rng.choice(SERVICES),
            ]
        )
    for n in range(100):
        rows.append(
            ["", "زهره", f"نمونه{n}", "علی", f"13{rng.randint(40, 80)}/0{rng.randint(1, 9)}/1{n % 9}",
             "", rng.choice(SERVICES)]
        )  # fmt: skip
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["کد ملی", "نام", "نام خانوادگی", "نام پدر", "تاریخ تولد", "تلفن همراه", "خدمت"])
        w.writerows(rows)
    out(
        f"فهرست همکار برای شمارش هم‌پوشانی: {path} (رمز مشترک: {folder / 'secret.txt'}); "
        f"tavana overlap encode {path} --secret-file {folder / 'secret.txt'} --output "
        f"{folder / 'welfare.jsonl'} --group خدمت"
    )
