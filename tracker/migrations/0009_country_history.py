"""Former states with their dates, CS as Czechoslovakia, Serbia and Montenegro under XS, Kosovo under
XK, the Netherlands Antilles under AN; editors may add and change countries."""

from datetime import date

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# code: (short name, official name, is_former, valid_from, valid_until)
COUNTRIES = {
    "SU": ("Soviet Union", "Union of Soviet Socialist Republics", True, date(1922, 12, 30), date(1991, 12, 26)),
    "YU": ("Yugoslavia", "Yugoslavia", True, date(1918, 12, 1), date(2003, 2, 4)),
    "DD": ("East Germany", "German Democratic Republic", True, date(1949, 10, 7), date(1990, 10, 3)),
    # ISO 3166-3 gives CS to both Czechoslovakia (CSHH) and Serbia and Montenegro (CSXX); a history
    # tracker needs both, so CS is Czechoslovakia and Serbia and Montenegro takes user-assigned XS.
    "CS": ("Czechoslovakia", "Czechoslovak Socialist Republic", True, date(1918, 10, 28), date(1992, 12, 31)),
    "XS": ("Serbia and Montenegro", "State Union of Serbia and Montenegro", True, date(2003, 2, 4), date(2006, 6, 5)),
    "AN": ("Netherlands Antilles", "Netherlands Antilles", True, date(1954, 12, 15), date(2010, 10, 10)),
    # Kosovo has no ISO code; XK is the user-assigned code in common use (EU, IMF, SWIFT).
    "XK": ("Kosovo", "Republic of Kosovo", False, date(2008, 2, 17), None),
}


def update_countries(apps, schema_editor=None):
    """Write COUNTRIES; safe to run again (tests run it after a flush)."""
    Country = apps.get_model("tracker", "Country")
    for code, (name, official_name, is_former, valid_from, valid_until) in COUNTRIES.items():
        Country.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "official_name": official_name,
                "is_former": is_former,
                "valid_from": valid_from,
                "valid_until": valid_until,
            },
        )


def grant_country_editing(apps, schema_editor=None):
    """Editors add and change countries (a state the list lacks); both groups see them."""
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("tracker")
    if not getattr(app_config, "models_module", None):
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    country = Permission.objects.filter(content_type__app_label="tracker", codename__endswith="_country")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(*country.filter(codename__in=["view_country", "add_country", "change_country"]))
    for group in Group.objects.filter(name="Researcher"):
        group.permissions.add(*country.filter(codename="view_country"))


def forwards(apps, schema_editor):
    update_countries(apps, schema_editor)
    grant_country_editing(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0008_data_version"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="valid_from",
            field=models.DateField(blank=True, help_text="When the state came into being, if it matters", null=True),
        ),
        migrations.AddField(
            model_name="country",
            name="valid_until",
            field=models.DateField(blank=True, help_text="When a former state ceased to exist", null=True),
        ),
        migrations.AlterField(
            model_name="country",
            name="code",
            field=models.CharField(
                help_text="ISO 3166-1 alpha-2 code; a former state keeps its old code; otherwise a user-assigned code from XA–XZ (the tracker uses XK for Kosovo and XS for Serbia and Montenegro)",
                max_length=2,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
