"""``python manage.py send_due_reports``: the run cron or the systemd timer starts each day.

Sends the most recent closed month, quarter and half-year to their subscribers (once each),
re-attempts failed deliveries, then checks the year-end projections for the target alert.
"""

from django.core.exceptions import ImproperlyConfigured

from subscriptions import services
from subscriptions.management.base import OneLineCommand


class Command(OneLineCommand):
    help = "Email the reports of the periods that have just closed, and the target alerts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-alerts", action="store_true", help="Skip the check of the annual targets."
        )

    def handle(self, *args, **options) -> None:
        try:
            reports = services.send_due_reports()
            alerts = services.Outcome() if options["no_alerts"] else services.check_alerts()
        except ImproperlyConfigured as exc:
            self.fail(str(exc))
        self.stdout.write(
            f"reports: {reports.sent} sent, {reports.failed} failed; "
            f"alerts: {alerts.sent} sent, {alerts.failed} failed"
        )
        for note in dict.fromkeys(reports.skipped + alerts.skipped):
            self.stdout.write(f"skipped {note}")
        if reports.failed or alerts.failed:
            # Recorded as failed and re-attempted by the next run; a non-zero status lets cron
            # or systemd show that something needs a look.
            self.fail(
                f"{reports.failed + alerts.failed} email(s) could not be sent; see the log.",
                returncode=1,
            )
