"""Install the capital triggers of ``investments.triggers`` on SQLite and PostgreSQL."""

from django.db import migrations

from investments.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [("investments", "0002_reference_data")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
