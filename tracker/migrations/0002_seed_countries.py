"""Seed every ISO 3166-1 country from pycountry, plus the former states SU, YU, DD and CS."""

import pycountry
from django.db import migrations

FORMER_STATES = {
    "SU": "Soviet Union",
    "YU": "Yugoslavia",
    "DD": "East Germany",
    "CS": "Serbia and Montenegro",
}


def seed_countries(apps, schema_editor):
    Country = apps.get_model("tracker", "Country")
    rows = [
        Country(
            code=entry.alpha_2,
            name=getattr(entry, "common_name", None) or entry.name,
            official_name=getattr(entry, "official_name", None) or entry.name,
        )
        for entry in pycountry.countries
    ]
    for code, short_name in FORMER_STATES.items():
        entry = pycountry.historic_countries.get(alpha_2=code)
        rows.append(
            Country(code=code, name=short_name, official_name=entry.name if entry else short_name, is_former=True)
        )
    Country.objects.bulk_create(rows, ignore_conflicts=True)


def remove_countries(apps, schema_editor):
    apps.get_model("tracker", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial")]

    operations = [migrations.RunPython(seed_countries, remove_countries)]
