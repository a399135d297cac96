"""Reinstall the capital triggers so that withdrawn adjustments count for nothing.

``create_triggers`` reads the table's columns and installs the version of the SQL that fits
(``investments.triggers``), so the earlier migrations that call it still work from zero."""

from django.db import migrations

from investments.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [("investments", "0010_withdrawals")]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers, elidable=False),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
