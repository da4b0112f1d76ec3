"""Overlap counts kept: a partner's analyst brings her list encoded on her side
and the shared secret; the registry is encoded with it in memory; only the
counts, small cells hidden, are kept (who, when, which agreement) and shown
among the figures. Nothing of either list — no name, code or encoding — is kept."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tavana.audit.models import AuditEntry
from tavana.core.domain.identifiers import make_national_code
from tavana.core.domain.jalali import to_jalali
from tavana.core.domain.persian_text import search_key, to_persian_digits
from tavana.core.errors import ServiceError
from tavana.core.models import District
from tavana.partners import overlap, services
from tavana.partners.domain.overlap.cells import HIDDEN, SMALL, labelled
from tavana.partners.models import OverlapRun
from tavana.people.models import Person

from . import factories as f

SECRET = b"the secret the Center shares with the Welfare Organisation"
FIRST = ("زهرا", "مریم", "فاطمه", "سکینه", "کبری", "نرگس", "لیلا", "مهسا", "رقیه", "شیرین")
LAST = ("کریمی", "احمدی", "رضایی", "یکتا", "کاظمی", "نیکپور", "یزدانی", "کوهی", "باقری")


# ------------------------------------------------------------------ pure


def test_small_cells_are_labelled_small_and_the_one_that_would_give_them_away_hidden():
    assert labelled({"a": 8, "b": 6, "c": 0}, 14, 5) == {"a": 8, "b": HIDDEN, "c": SMALL}
    assert labelled({"a": 8, "b": 6}, 14, 5) == {"a": 8, "b": 6}
    assert labelled({"a": 12, "b": 2, "c": 0}, 14, 5) == {"a": 12, "b": SMALL, "c": SMALL}


# ------------------------------------------------------------------ with the database


def _registry() -> list[Person]:
    """30 women: 12 in district 4, 10 in district 9, 8 in district 11."""
    out = []
    for n in range(30):
        number = 4 if n < 12 else 9 if n < 22 else 11
        district, _ = District.objects.get_or_create(
            number=number, defaults={"name": f"منطقهٔ {number}"}
        )
        first, last = FIRST[n % len(FIRST)], f"{LAST[n % len(LAST)]}{'ی' * (n // 9)}"
        out.append(
            Person.objects.create(
                national_code=make_national_code(f"{n + 1:03d}4567{n % 10}1"),
                first_name=first, last_name=last, father_name=FIRST[(n + 3) % 10],
                birth_date=dt.date(1975 + n % 20, 1 + n % 12, 1 + n % 27), district=district,
                mobile=f"0912{n:07d}", name_key=search_key(f"{first} {last}"),
                first_key=search_key(first), last_key=search_key(last), sex=Person.FEMALE,
            )
        )  # fmt: skip
    return out


def _partner_list(tmp_path, women: list[Person], others: int = 10) -> Path:
    """The partner's own list, typed her way (Arabic ي/ك), with a service column:
    women 0–7 «مستمری», 8–11 and 12–13 «سبد غذایی», `others` not in the registry."""
    path = tmp_path / "welfare.csv"
    arabic = str.maketrans("یک", "يك")
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["کد ملی", "نام", "نام خانوادگی", "نام پدر", "تاریخ تولد", "خدمت"])
        for k, p in enumerate(women[:14]):
            born = "{}/{:02d}/{:02d}".format(*to_jalali(p.birth_date))
            service = "مستمری" if k < 8 else "سبد غذایی"
            w.writerow([p.national_code, p.first_name.translate(arabic),
                        p.last_name.translate(arabic), p.father_name, born, service])  # fmt: skip
        for n in range(others):
            w.writerow(["", "ژاله", f"ناشناس{n}", "حسن", f"1350/0{1 + n % 9}/1{n}", "درمان"])
    return path


def _encoded(tmp_path, women, others: int = 10) -> bytes:
    out = tmp_path / "welfare.jsonl"
    overlap.encode_list(_partner_list(tmp_path, women, others), SECRET, out, "خدمت")
    return out.read_bytes()


def _files(data: bytes, secret: bytes = SECRET) -> dict:
    return {
        "encoded": SimpleUploadedFile("welfare.jsonl", data),
        "secret": SimpleUploadedFile("secret.txt", secret),
    }


@pytest.mark.django_db
def test_a_run_keeps_only_suppressed_counts_by_service_and_by_district(tmp_path):
    women = _registry()
    s = f.sharing()
    analyst = s.analyst
    files = _files(_encoded(tmp_path, women))
    run = services.overlap_count_upload(actor=analyst, sharing=s, group_label="خدمت", **files)
    run.refresh_from_db()
    assert (run.agreement, run.sharing, run.run_by, run.source) == (
        s.agreement,
        s,
        analyst,
        OverlapRun.WEB,
    )
    assert (run.partner_rows, run.registry_rows, run.matched) == (24, 30, 14)
    # her rows by service: «سبد غذایی» (6) hidden, else «درمان» (0) = 14 − 8 − 6
    assert run.by_group == {"درمان": SMALL, "سبد غذایی": HIDDEN, "مستمری": 8}
    # the registry's women on her list by district: 12 in 4; 2 in 9 and 0 in 11 are small
    assert run.by_district == {"11": SMALL, "4": 12, "9": SMALL}
    # nothing but counts and labels: no code, name or encoding anywhere in the row
    kept = json.dumps([run.by_group, run.by_district, run.group_label], ensure_ascii=False)
    for p in women:
        assert p.national_code not in kept and p.last_name not in kept
    entry = AuditEntry.objects.filter(action="partners.overlap_run").get()
    assert entry.after["matched"] == 14 and entry.actor_id == analyst.pk


@pytest.mark.django_db
def test_one_count_a_month_per_agreement_from_the_page(tmp_path):
    """Two counts close together with lists one person apart would tell whether
    that person is registered: the page counts once in 30 days per agreement."""
    women = _registry()
    s = f.sharing()
    data = _encoded(tmp_path, women)
    services.overlap_count_upload(actor=s.analyst, sharing=s, **_files(data))
    with pytest.raises(ServiceError) as refused:
        services.overlap_count_upload(actor=s.analyst, sharing=s, **_files(data))
    assert "۳۰ روز" in refused.value.message
    assert OverlapRun.objects.count() == 1
    OverlapRun.objects.update(run_at=timezone.now() - dt.timedelta(days=31))
    services.overlap_count_upload(actor=s.analyst, sharing=s, **_files(data))
    assert OverlapRun.objects.count() == 2


@pytest.mark.django_db
def test_a_small_overlap_keeps_no_total(tmp_path):
    women = _registry()
    s = f.sharing()
    data = tmp_path / "few.jsonl"
    path = _partner_list(tmp_path, women[:3], others=4)
    overlap.encode_list(path, SECRET, data, "خدمت")
    run = services.overlap_count_upload(actor=s.analyst, sharing=s, **_files(data.read_bytes()))
    assert run.matched is None
    assert set(run.by_group.values()) <= {SMALL, HIDDEN}
    assert set(run.by_district.values()) <= {SMALL, HIDDEN}


@pytest.mark.django_db
def test_nothing_unsuppressed_is_ever_kept():
    s = f.sharing()
    result = {"partner_rows": 10, "registry_rows": 30, "matched": 3, "by_group": {},
              "by_district": {}, "min_cell": 5}  # fmt: skip
    with pytest.raises(ServiceError):
        services.overlap_run_record(actor=s.analyst, agreement=s.agreement, result=result)
    result |= {"matched": None, "by_group": {"مستمری": 2}}
    with pytest.raises(ServiceError):
        services.overlap_run_record(actor=s.analyst, agreement=s.agreement, result=result)
    result |= {"by_group": {"مستمری": 9}, "min_cell": 1}
    with pytest.raises(ServiceError):
        services.overlap_run_record(actor=s.analyst, agreement=s.agreement, result=result)
    assert not OverlapRun.objects.exists()


@pytest.mark.django_db
def test_the_analyst_counts_her_list_on_her_page_and_sees_only_counts(client, tmp_path):
    women = _registry()
    s = f.sharing()
    client.force_login(s.analyst)
    url = reverse("partners:overlap_new", args=[s.pk])
    r = client.post(url, {"group_label": "خدمت", **_files(_encoded(tmp_path, women))})
    assert r.status_code == 302 and r["Location"].endswith("#overlap")
    page = client.get(reverse("partners:sharing", args=[s.pk])).content.decode()
    assert "شمارش هم‌پوشانی انجام شد" in page
    assert "پنهان" in page and "کمتر از ۵" in page and "مستمری" in page
    assert ">۱۴<" in page  # the matched total, Persian digits
    assert women[0].national_code not in page and "ناشناس" not in page


@pytest.mark.django_db
def test_bad_files_are_refused_per_field_and_keep_what_was_typed(client, tmp_path):
    women = _registry()
    s = f.sharing()
    client.force_login(s.analyst)
    url = reverse("partners:overlap_new", args=[s.pk])
    r = client.post(url, {"group_label": "خدمت"})
    assert r.status_code == 422
    body = r.content.decode()
    assert "فایل رمزشدهٔ فهرست را انتخاب کنید." in body
    assert "فایل رمز مشترک را انتخاب کنید." in body
    assert 'value="خدمت"' in body
    r = client.post(url, {"group_label": "خدمت", **_files(_encoded(tmp_path, women), b"short")})
    assert r.status_code == 422 and "۳۲" in r.content.decode()
    r = client.post(url, _files(b'{"group": null, "enc": "not base64 of an encoding"}\n'))
    assert r.status_code == 422 and 'data-field="encoded"' in r.content.decode()
    assert not OverlapRun.objects.exists()


@pytest.mark.django_db
def test_another_analysts_agreement_is_a_404(client, tmp_path):
    s = f.sharing()
    client.force_login(f.analyst("someone-else"))
    r = client.post(reverse("partners:overlap_new", args=[s.pk]), _files(b""))
    assert r.status_code == 404


@pytest.mark.django_db
def test_kept_counts_are_among_the_figures(client, tmp_path):
    women = _registry()
    s = f.sharing()
    services.overlap_count_upload(
        actor=s.analyst, sharing=s, group_label="خدمت", **_files(_encoded(tmp_path, women))
    )
    client.force_login(f.manager())
    home = client.get(reverse("partners:home")).content.decode()
    assert 'data-testid="overlap-figures"' in home and s.agreement.organisation.name in home
    assert "مستمری" in home and to_persian_digits(District.objects.get(number=4).name) in home
    client.force_login(s.analyst)
    figures = client.get(reverse("insights:dashboard")).content.decode()
    assert 'data-testid="table-overlaps"' in figures and ">۱۴<" in figures
    last_year = client.get(reverse("insights:dashboard"), {"year": 1400}).content.decode()
    assert ">۱۴<" not in last_year  # a run counts in the period it was made


@pytest.mark.django_db
def test_the_command_keeps_a_run_when_told_under_which_agreement(tmp_path):
    from django.core.management import call_command

    women = _registry()
    a = f.agreement()
    key = tmp_path / "key.txt"
    key.write_bytes(SECRET)
    (tmp_path / "p.jsonl").write_bytes(_encoded(tmp_path, women))
    call_command("overlap", "encode", registry=True, secret_file=str(key),
                 output=str(tmp_path / "r.jsonl"))  # fmt: skip
    out = tmp_path / "c.json"
    call_command("overlap", "count", str(tmp_path / "p.jsonl"), str(tmp_path / "r.jsonl"),
                 output=str(out), min_cell=1, agreement=a.pk, by=f.manager().username)  # fmt: skip
    assert json.loads(out.read_text())["by_group"]["درمان"] == 0  # the file: as asked (1)
    run = OverlapRun.objects.get()
    assert run.source == OverlapRun.CLI and run.run_by == f.manager() and run.agreement == a
    assert run.by_group == {"درمان": SMALL, "سبد غذایی": HIDDEN, "مستمری": 8}  # kept: at 5
    assert run.min_cell == 5 and run.matched == 14


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_agreement_before_counting(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "c.json"
    for extra in ({"agreement": 999999, "by": f.manager().username}, {"agreement": 1}):
        with pytest.raises(CommandError) as caught:
            call_command("overlap", "count", "a.jsonl", "b.jsonl", output=str(out), **extra)
        assert caught.value.returncode == 2 and "\n" not in str(caught.value)
    assert not out.exists() and not OverlapRun.objects.exists()
