"""A services module that breaks every rule ``tests/test_architecture.py`` checks.

Never imported by the project: the architecture test parses it to prove that its scan catches
each kind of write that bypasses the history, and lets pass what does not.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from exchange.models import ImportJob
from investments.models import CapitalAdjustment, Project


def rename_all(name: str) -> int:
    return Project.objects.filter(name="").update(name=name)  # update


def drop_reductions() -> None:
    CapitalAdjustment.objects.filter(amount__lt=0).delete()  # delete


def copy_projects(projects: list[Project]) -> None:
    Project.objects.bulk_create(projects)  # bulk_create


def rename_projects(projects: list[Project]) -> None:
    Project.objects.bulk_update(projects, ["name"])  # bulk_update


def rename_with_sql(name: str) -> None:
    with connection.cursor() as cursor:  # cursor
        cursor.execute("UPDATE investments_project SET name = %s", [name])  # execute


def read_with_raw() -> list[Project]:
    return list(Project.objects.raw("SELECT * FROM investments_project"))  # raw


def order_by_sql() -> list[Project]:
    return list(Project.objects.annotate(n=RawSQL("1", [])))  # RawSQL


def update_a_queryset_variable(name: str) -> None:
    rows = Project.objects.all()
    rows.update(name=name)  # update: keyword arguments only, as QuerySet.update takes


def fine(errors: dict, more: dict, job: ImportJob, project: Project) -> None:
    """What the scan must let pass: a dict's update, a model without history, a save."""
    errors.update(more)
    ImportJob.objects.filter(pk=job.pk).update(rows_done=1)
    project.save()
