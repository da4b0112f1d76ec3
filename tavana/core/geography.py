"""The city's districts and neighbourhoods: shipped for Tehran, replaceable from a file.

Tehran's 22 districts and their neighbourhoods (data/tehran-geography.csv, the
same format `tavana geography load` reads) come with `tavana migrate`
(migration core 0006) and with the demo loader `load_geography`, which only
adds what is missing.

`geography_load` makes the database's districts and neighbourhoods exactly
those of the file: it adds what is new, renames a district whose name changed,
and removes what the file no longer has — unless something refers to it (a
person, a centre, a user's scope, …), in which case nothing at all changes and
every such place is named. Loading the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .domain.geography import Geography, parse_geography
from .domain.persian_text import search_key, to_persian_digits
from .errors import ServiceError
from .models import District, Neighbourhood

BUILT_IN = Path(__file__).parent / "data" / "tehran-geography.csv"
DATA = Path(__file__).parent / "data" / "tehran.json"  # the demo's exhibition venues


def tehran_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _refuse(problems: list[str]) -> ServiceError:
    """The file cannot be loaded: one Persian line per problem, under "file"."""
    return ServiceError({"file": "\n".join(problems)}, code="geography_invalid")


@dataclass
class GeographyResult:
    districts: int = 0
    neighbourhoods: int = 0
    added_districts: list[int] = field(default_factory=list)
    renamed_districts: list[int] = field(default_factory=list)
    removed_districts: list[int] = field(default_factory=list)
    added_neighbourhoods: int = 0
    removed_neighbourhoods: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.added_districts
            or self.renamed_districts
            or self.removed_districts
            or self.added_neighbourhoods
            or self.removed_neighbourhoods
        )

    def as_dict(self) -> dict:
        return {
            "districts": self.districts,
            "neighbourhoods": self.neighbourhoods,
            "added_districts": self.added_districts,
            "renamed_districts": self.renamed_districts,
            "removed_districts": self.removed_districts,
            "added_neighbourhoods": self.added_neighbourhoods,
            "removed_neighbourhoods": self.removed_neighbourhoods,
        }


def read_rows(path: Path) -> list[list]:
    """The rows of a .csv (UTF-8) or .xlsx file (its first sheet)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise _refuse(["فایل CSV باید با کدگذاری UTF-8 ذخیره شده باشد."]) from e
        return list(csv.reader(io.StringIO(text)))
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:
            raise _refuse(["فایل xlsx خوانده نشد؛ آیا واقعاً یک فایل اکسل است؟"]) from e
        try:
            return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    raise _refuse(["فقط فایل csv یا xlsx پذیرفته می‌شود."])


def _references(obj) -> list[str]:
    """What refers to this district or neighbourhood (model names with counts)."""
    found = []
    for rel in obj._meta.related_objects:
        if rel.related_model in (District, Neighbourhood):
            continue
        if rel.many_to_many:
            through = rel.through if hasattr(rel, "through") else rel.field.remote_field.through
            column = rel.field.m2m_reverse_field_name()
            n = through.objects.filter(**{column: obj.pk}).count()
        else:
            n = rel.related_model._default_manager.filter(**{rel.field.name: obj.pk}).count()
        if n:
            found.append(f"{to_persian_digits(str(n))} {rel.related_model._meta.verbose_name}")
    return found


def geography_load(*, geography: Geography, actor=None, dry_run: bool = False) -> GeographyResult:
    if geography.errors:
        raise _refuse(geography.errors)
    result = GeographyResult()
    problems: list[str] = []
    with transaction.atomic():
        existing = {d.number: d for d in District.objects.select_for_update()}
        for number, name in sorted(geography.districts.items()):
            district = existing.get(number)
            if district is None:
                district = District.objects.create(number=number, name=name)
                existing[number] = district
                result.added_districts.append(number)
            elif district.name != name:
                district.name = name
                district.save(update_fields=["name"])
                result.renamed_districts.append(number)
            wanted = geography.neighbourhoods.get(number, {})
            have = {search_key(h.name): h for h in district.neighbourhoods.all()}
            new = [
                Neighbourhood(district=district, name=n) for k, n in wanted.items() if k not in have
            ]
            Neighbourhood.objects.bulk_create(new)
            result.added_neighbourhoods += len(new)
            for key, hood in have.items():
                if key in wanted:
                    continue
                refs = _references(hood)
                if refs:
                    problems.append(
                        f"محلهٔ «{hood.name}» (منطقهٔ {to_persian_digits(str(number))}) در فایل نیست "
                        f"ولی {'، '.join(refs)} به آن وابسته است."
                    )
                else:
                    hood.delete()
                    result.removed_neighbourhoods += 1
        for number, district in sorted(existing.items()):
            if number in geography.districts:
                continue
            refs = _references(district)
            hood_refs = [r for h in district.neighbourhoods.all() for r in _references(h)]
            if refs or hood_refs:
                problems.append(
                    f"منطقهٔ {to_persian_digits(str(number))} در فایل نیست ولی "
                    f"{'، '.join(refs + hood_refs)} به آن وابسته است."
                )
                continue
            result.removed_neighbourhoods += district.neighbourhoods.count()
            district.neighbourhoods.all().delete()
            district.delete()
            result.removed_districts.append(number)
        if problems:
            raise _refuse(problems)  # leaving the block rolls everything back
        result.districts = District.objects.count()
        result.neighbourhoods = Neighbourhood.objects.count()
        if dry_run:
            transaction.set_rollback(True)
        elif result.changed:
            from tavana.audit.services import audit_write

            audit_write(
                actor=actor,
                action="geography.load",
                object_type="core.District",
                after=result.as_dict(),
            )
    return result


def geography_add_missing(
    *, geography: Geography, district_model=District, neighbourhood_model=Neighbourhood
) -> tuple[int, int]:
    """Add the districts and neighbourhoods that are missing; change nothing else.

    Used by the migration (with its historical models) and the demo loader.
    Returns how many districts and neighbourhoods were added."""
    districts = hoods = 0
    for number, name in sorted(geography.districts.items()):
        district, made = district_model.objects.get_or_create(
            number=number, defaults={"name": name}
        )
        districts += made
        have = {
            search_key(n)
            for n in neighbourhood_model.objects.filter(district=district).values_list(
                "name", flat=True
            )
        }
        new = [
            neighbourhood_model(district=district, name=n)
            for k, n in geography.neighbourhoods.get(number, {}).items()
            if k not in have
        ]
        neighbourhood_model.objects.bulk_create(new)
        hoods += len(new)
    return districts, hoods


def geography_load_file(*, path: Path, actor=None, dry_run: bool = False) -> GeographyResult:
    return geography_load(geography=parse_geography(read_rows(path)), actor=actor, dry_run=dry_run)


@transaction.atomic
def load_geography(out) -> None:
    """The demo's loader: Tehran's geography, adding only what is missing."""
    geography_add_missing(geography=parse_geography(read_rows(BUILT_IN)))
    out(f"مناطق و محله‌ها: {District.objects.count()} منطقه، {Neighbourhood.objects.count()} محله")
