"""``python manage.py send_report --period 2020-H1 --to someone@example.org [--lang en]``."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from hpkkt.periods import Period, PeriodError
from subscriptions import services
from subscriptions.management.base import OneLineCommand


class Command(OneLineCommand):
    help = "Email the report of one period now, with its PDF, Word and Excel files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help="2020, 2020-H1, 2020-Q3, 2020-07")
        parser.add_argument(
            "--to", required=True, action="append", help="address (repeat for several)"
        )
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, help="vi (default) or en")

    def handle(self, *args, **options) -> None:
        try:
            period = Period.parse(options["period"])
        except PeriodError as exc:
            self.fail(str(exc))
        languages = dict(settings.LANGUAGES)
        if options["lang"] not in languages:
            self.fail(f"Unknown language {options['lang']!r}: expected {' or '.join(languages)}.")
        for address in options["to"]:
            try:
                validate_email(address)
            except ValidationError:
                self.fail(f"Invalid email address {address!r}.")
        try:
            sent = services.send_report(period=period, to=options["to"], lang=options["lang"])
        except ImproperlyConfigured as exc:
            self.fail(str(exc))
        except Exception as exc:  # noqa: BLE001 (SMTP and socket errors: one line, no trace)
            self.fail(f"The email could not be sent: {type(exc).__name__}: {exc}", returncode=1)
        if not sent:
            self.fail(f"No data for {period.key}: nothing was sent.", returncode=1)
        self.stdout.write(f"Sent the report {period.key} to {', '.join(options['to'])}.")
