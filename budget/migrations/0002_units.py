"""The two budget units named in the source document."""

from django.db import migrations

UNITS = [
    ("bql", "Cơ quan Ban Quản lý Khu kinh tế", "Office of the Economic Zone Authority"),
    (
        "ttdvvl",
        "Trung tâm Dịch vụ việc làm Khu kinh tế",
        "Economic Zone Employment Service Centre",
    ),
]


def load(apps, schema_editor):
    Unit = apps.get_model("budget", "Unit")
    for code, name, name_en in UNITS:
        Unit.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


def unload(apps, schema_editor):
    apps.get_model("budget", "Unit").objects.filter(code__in=[u[0] for u in UNITS]).delete()


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
