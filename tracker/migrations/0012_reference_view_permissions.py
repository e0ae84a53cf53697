"""Let Researchers and Editors see every record an admin picker offers.

An autocomplete box asks the admin of the model it picks from, and that admin answers only users
who may view that model. 0003 gave both groups the models they edit but not countries, so every
country picker (place, host, party, represented, an office's country) answered 403 and showed
"The results could not be loaded". Viewing is all they need: countries are seeded, not edited.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Every model an admin form of theirs picks from (autocomplete or select), including events for a
# parent event or a statement's event. Kept as a list so a new picker's model is one line here.
PICKED_MODELS = [
    "country",
    "organization",
    "office",
    "position",
    "person",
    "topic",
    "series",
    "source",
    "event",
    "statement",
]


def grant_reference_views(Group, Permission):
    """Add the view permission of each picked model to both groups; safe to run again (tests run it
    after a flush, after 0003's assign_group_permissions)."""
    views = Permission.objects.filter(
        content_type__app_label="tracker", codename__in=[f"view_{model}" for model in PICKED_MODELS]
    )
    for name in ["Researcher", "Editor"]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*views)


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_reference_views(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def backwards(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    country = Permission.objects.filter(content_type__app_label="tracker", codename="view_country")
    for group in Group.objects.filter(name__in=["Researcher", "Editor"]):
        group.permissions.remove(*country)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0011_event_redirects"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
