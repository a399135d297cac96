"""Background tasks of the exchange app, run by ``python manage.py db_worker``."""

from __future__ import annotations

from django_tasks import task

from exchange import jobs


@task()
def run_import_job(job_id: str) -> None:
    """Run the preview or import that ``jobs.start`` queued."""
    jobs.run(job_id)
