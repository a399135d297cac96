"""The groups "Cán bộ" (staff) and "Lãnh đạo" (leadership) with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from hpkkt.roles import GROUP_PERMISSIONS


def load(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        perms = [
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for (app, model), actions in grants.items()
            for action in actions
        ]
        group.permissions.set(perms)


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("investments", "0002_reference_data"),
        ("budget", "0002_units"),
    ]
    operations = [migrations.RunPython(load, unload)]
