"""Create the Researcher (add and change) and Editor (also publish and delete) groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED_MODELS = [
    "event",
    "participation",
    "statement",
    "citation",
    "source",
    "person",
    "position",
    "office",
    "organization",
    "topic",
    "series",
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_group_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_group_permissions(Group, Permission):
    """Create both groups with their permissions; safe to run again (tests run it after a flush)."""
    tracker_perms = Permission.objects.filter(content_type__app_label="tracker")

    def codenames(actions):
        return [f"{action}_{model}" for model in EDITED_MODELS for action in actions]

    researcher, _ = Group.objects.get_or_create(name="Researcher")
    researcher.permissions.set(tracker_perms.filter(codename__in=codenames(["view", "add", "change"])))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(
        tracker_perms.filter(codename__in=codenames(["view", "add", "change", "delete"]) + ["publish_event"])
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Researcher", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0002_seed_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
