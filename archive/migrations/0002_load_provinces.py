"""Load provinces and their 2025 successions from the vendored gazetteer."""

import datetime as dt

from django.db import migrations

from archive import gazetteer
from archive.text import fold


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def load_provinces(apps, schema_editor):
    Province = apps.get_model("archive", "Province")
    ProvinceSuccession = apps.get_model("archive", "ProvinceSuccession")
    data = gazetteer.read()
    by_slug = {}
    for row in data["provinces"]:
        by_slug[row["slug"]] = Province.objects.create(
            slug=row["slug"],
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            unaccented_name=fold(row["short_name"]),
            kind=row["kind"],
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
            aliases=row["aliases"],
            latitude=row["lat"],
            longitude=row["lon"],
        )
    ProvinceSuccession.objects.bulk_create(
        ProvinceSuccession(
            predecessor=by_slug[link["predecessor"]],
            successor=by_slug[link["successor"]],
            effective=_date(link["effective"]),
        )
        for link in data["successions"]
    )


def unload_provinces(apps, schema_editor):
    apps.get_model("archive", "ProvinceSuccession").objects.all().delete()
    apps.get_model("archive", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(load_provinces, unload_provinces)]
