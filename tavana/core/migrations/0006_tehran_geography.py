"""Tehran's 22 districts and their neighbourhoods come with `tavana migrate`.

Another city replaces them with `tavana geography load FILE`. Existing rows
are kept (an installation that loaded them before gets only what is missing);
reversing removes what the file lists, and refuses while anything uses it.
"""

from django.db import migrations


def load(apps, schema_editor):
    from tavana.core.domain.geography import parse_geography
    from tavana.core.geography import BUILT_IN, geography_add_missing, read_rows

    geography_add_missing(
        geography=parse_geography(read_rows(BUILT_IN)),
        district_model=apps.get_model("core", "District"),
        neighbourhood_model=apps.get_model("core", "Neighbourhood"),
    )


def unload(apps, schema_editor):
    from tavana.core.domain.geography import parse_geography
    from tavana.core.geography import BUILT_IN, read_rows

    district = apps.get_model("core", "District")
    neighbourhood = apps.get_model("core", "Neighbourhood")
    g = parse_geography(read_rows(BUILT_IN))
    for number, hoods in g.neighbourhoods.items():
        neighbourhood.objects.filter(district__number=number, name__in=hoods.values()).delete()
    district.objects.filter(number__in=g.districts, neighbourhoods__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0005_worker_leases")]

    operations = [migrations.RunPython(load, unload)]
