"""The django-import-export baseline for bench/import/run.py.

    DJANGO_SETTINGS_MODULE=tavana.config.settings.local TAVANA_HOME=... \
        .venv/bin/python bench/import/ie_baseline.py FILE.(xlsx|csv)

Imports the same rows into the same Person model with a `ModelResource`
configured the way a competent user would: national code as the import id
(its exact-key duplicate check), `use_bulk=True` with batches of 2,000,
`skip_diff=True`, one transaction, and the same validation as the form and
`tavana import` (`check_person_fields` in `before_import_row`, the row's
cells replaced by the cleaned values; a row with errors raises a
ValidationError, which import-export reports per row). The district foreign
key goes through a cached widget (one query for all districts, not one per
row). What it does *not* do, and `tavana import` does: registrations, audit
entries, matching rows without a national code by name keys, refusing
identity changes, the rejected-rows file.

Prints one line: `rows N, new N, updated N, invalid N, seconds S`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import django

django.setup()

import tablib  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402

from tavana.core.models import District  # noqa: E402
from tavana.people.domain.fields import check_person_fields, person_keys  # noqa: E402
from tavana.people.models import Person  # noqa: E402

COLUMNS = ("national_code", "first_name", "last_name", "father_name", "birth_date", "mobile",
           "district", "address")  # fmt: skip


class CachedDistrictWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(District, field="number")
        self.by_number = {d.number: d for d in District.objects.all()}

    def clean(self, value, row=None, **kwargs):
        return self.by_number.get(value) if value else None


class PersonResource(resources.ModelResource):
    district = fields.Field(
        column_name="district", attribute="district", widget=CachedDistrictWidget()
    )

    class Meta:
        model = Person
        fields = COLUMNS
        import_id_fields = ("national_code",)
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        skip_unchanged = False
        report_skipped = False
        use_transactions = True
        clean_model_instances = False

    def __init__(self):
        super().__init__()
        self.districts = set(District.objects.values_list("number", flat=True))

    def before_import_row(self, row, **kwargs):
        raw = {k: row.get(k) for k in COLUMNS if row.get(k) not in (None, "")}
        checked = check_person_fields(raw, districts=self.districts)
        if checked.errors:
            raise ValidationError(checked.errors)
        for k in COLUMNS:
            row[k] = checked.values.get(k)
        if row["national_code"] is None:
            row["national_code"] = ""

    def get_instance(self, instance_loader, row):
        if not row.get("national_code"):
            return None  # no code: always a new person
        return super().get_instance(instance_loader, row)

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.national_code:
            instance.national_code = None
        for k, v in person_keys(
            {n: getattr(instance, n) for n in ("first_name", "last_name", "father_name")}
        ).items():
            setattr(instance, k, v)


def load(path: Path) -> tablib.Dataset:
    if path.suffix == ".xlsx":
        with path.open("rb") as f:
            return tablib.Dataset().load(f, format="xlsx")
    return tablib.Dataset().load(path.read_text(encoding="utf-8-sig"), format="csv")


def main() -> None:
    path = Path(sys.argv[1])
    started = time.perf_counter()
    data = load(path)
    if "id" in data.headers:
        del data["id"]
    result = PersonResource().import_data(data, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - started
    totals = result.totals
    print(
        f"rows {len(data)}, new {totals.get('new', 0)}, updated {totals.get('update', 0)}, "
        f"invalid {totals.get('invalid', 0)}, errors {totals.get('error', 0)}, "
        f"seconds {seconds:.2f}"
    )


if __name__ == "__main__":
    main()
