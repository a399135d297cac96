"""Land areas for occupancy (SPEC "Land and occupancy").

On SQLite, adding the project's constraint rebuilds its table, which drops the capital
triggers of ``investments.triggers``; they are dropped before and installed again after.
"""

from django.db import migrations, models

from investments.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):

    dependencies = [
        ('investments', '0005_share_acquisitions'),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers, elidable=False),
        migrations.AddField(
            model_name='historicalproject',
            name='land_area_ha',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Industrial land the project leases, in hectares.', max_digits=10, null=True, verbose_name='leased land (ha)'),
        ),
        migrations.AddField(
            model_name='project',
            name='land_area_ha',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Industrial land the project leases, in hectares.', max_digits=10, null=True, verbose_name='leased land (ha)'),
        ),
        migrations.AddField(
            model_name='historicalzone',
            name='industrial_land_ha',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Leasable industrial land of the zone, in hectares.', max_digits=10, null=True, verbose_name='industrial land (ha)'),
        ),
        migrations.AddField(
            model_name='zone',
            name='industrial_land_ha',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Leasable industrial land of the zone, in hectares.', max_digits=10, null=True, verbose_name='industrial land (ha)'),
        ),
        migrations.AddConstraint(
            model_name='project',
            constraint=models.CheckConstraint(condition=models.Q(('land_area_ha__isnull', True), ('land_area_ha__gte', 0), _connector='OR'), name='project_land_area_nonnegative'),
        ),
        migrations.AddConstraint(
            model_name='zone',
            constraint=models.CheckConstraint(condition=models.Q(('industrial_land_ha__isnull', True), ('industrial_land_ha__gte', 0), _connector='OR'), name='zone_industrial_land_nonnegative'),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
