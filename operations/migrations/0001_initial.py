"""The operations register and the roles' permissions on it."""

import django.db.models.deletion
import hpkkt.fields
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

STAFF_GROUP = "Cán bộ"
LEADERSHIP_GROUP = "Lãnh đạo"
#: Staff enter and correct reports; plans are for administrators; leadership reads.
GRANTS = {
    STAFF_GROUP: {
        "operationsreport": ("add", "change", "view"),
        "operationstarget": ("view",),
    },
    LEADERSHIP_GROUP: {"operationsreport": ("view",), "operationstarget": ("view",)},
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("operations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, models_actions in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *(
                Permission.objects.get(
                    content_type__app_label="operations", codename=f"{action}_{model}"
                )
                for model, actions in models_actions.items()
                for action in actions
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="operations").delete()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('investments', '0003_capital_triggers'),
        ('hpkkt', '0001_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalOperationsReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(choices=[(1, 'I'), (2, 'II'), (3, 'III'), (4, 'IV')], verbose_name='quarter')),
                ('realised_capital', hpkkt.fields.MoneyField(default=0, help_text="Capital disbursed in the quarter, in the project's currency.", verbose_name='realised capital')),
                ('revenue', hpkkt.fields.MoneyField(default=0, help_text="In the project's currency.", verbose_name='revenue')),
                ('exports', hpkkt.fields.MoneyField(default=0, verbose_name='exports (USD)')),
                ('imports', hpkkt.fields.MoneyField(default=0, verbose_name='imports (USD)')),
                ('budget_paid', hpkkt.fields.MoneyField(default=0, verbose_name='paid to the state budget (VND)')),
                ('workers', models.PositiveIntegerField(default=0, help_text='Workers at the end of the quarter.', verbose_name='workers')),
                ('average_income', hpkkt.fields.MoneyField(blank=True, null=True, verbose_name='average income (VND per worker per month)')),
                ('reported_on', models.DateField(blank=True, null=True, verbose_name='date received')),
                ('note', models.TextField(blank=True, default='', verbose_name='note')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('project', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='investments.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'historical operations report',
                'verbose_name_plural': 'historical operations reports',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalOperationsTarget',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('indicator', models.CharField(choices=[('revenue_usd', 'Revenue of FDI enterprises (USD)'), ('exports', 'Exports (USD)'), ('imports', 'Imports (USD)'), ('budget_paid', 'Payments to the state budget (VND)')], max_length=20, verbose_name='indicator')),
                ('amount', hpkkt.fields.MoneyField(verbose_name='planned amount')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical operations plan',
                'verbose_name_plural': 'historical operations plans',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='OperationsTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('indicator', models.CharField(choices=[('revenue_usd', 'Revenue of FDI enterprises (USD)'), ('exports', 'Exports (USD)'), ('imports', 'Imports (USD)'), ('budget_paid', 'Payments to the state budget (VND)')], max_length=20, verbose_name='indicator')),
                ('amount', hpkkt.fields.MoneyField(verbose_name='planned amount')),
            ],
            options={
                'verbose_name': 'operations plan',
                'verbose_name_plural': 'operations plans',
                'ordering': ['-year', 'indicator'],
                'constraints': [models.UniqueConstraint(fields=('year', 'indicator'), name='optarget_unique_year_indicator'), models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='optarget_amount_nonnegative'), models.CheckConstraint(condition=models.Q(('indicator__in', ['revenue_usd', 'exports', 'imports', 'budget_paid'])), name='optarget_indicator_valid')],
            },
        ),
        migrations.CreateModel(
            name='OperationsReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(choices=[(1, 'I'), (2, 'II'), (3, 'III'), (4, 'IV')], verbose_name='quarter')),
                ('realised_capital', hpkkt.fields.MoneyField(default=0, help_text="Capital disbursed in the quarter, in the project's currency.", verbose_name='realised capital')),
                ('revenue', hpkkt.fields.MoneyField(default=0, help_text="In the project's currency.", verbose_name='revenue')),
                ('exports', hpkkt.fields.MoneyField(default=0, verbose_name='exports (USD)')),
                ('imports', hpkkt.fields.MoneyField(default=0, verbose_name='imports (USD)')),
                ('budget_paid', hpkkt.fields.MoneyField(default=0, verbose_name='paid to the state budget (VND)')),
                ('workers', models.PositiveIntegerField(default=0, help_text='Workers at the end of the quarter.', verbose_name='workers')),
                ('average_income', hpkkt.fields.MoneyField(blank=True, null=True, verbose_name='average income (VND per worker per month)')),
                ('reported_on', models.DateField(blank=True, null=True, verbose_name='date received')),
                ('note', models.TextField(blank=True, default='', verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='operations_reports', to='investments.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'operations report',
                'verbose_name_plural': 'operations reports',
                'ordering': ['-year', '-quarter', 'project__code'],
                'indexes': [models.Index(fields=['year', 'quarter'], name='opreport_year_quarter_idx')],
                'constraints': [models.UniqueConstraint(fields=('project', 'year', 'quarter'), name='opreport_unique_project_quarter'), models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='opreport_quarter_valid'), models.CheckConstraint(condition=models.Q(('realised_capital__gte', 0), ('revenue__gte', 0), ('exports__gte', 0), ('imports__gte', 0), ('budget_paid__gte', 0), models.Q(('average_income__isnull', True), ('average_income__gte', 0), _connector='OR')), name='opreport_amounts_nonnegative')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
