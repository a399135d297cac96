"""``python manage.py send_report --period 2020-H1 --to someone@example.org [--lang en]``."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from hpkkt.periods import Period, PeriodError
from subscriptions import services


class Command(BaseCommand):
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
            raise CommandError(str(exc)) from None
        languages = dict(settings.LANGUAGES)
        if options["lang"] not in languages:
            raise CommandError(
                f"Unknown language {options['lang']!r}: expected {' or '.join(languages)}."
            )
        for address in options["to"]:
            try:
                validate_email(address)
            except ValidationError:
                raise CommandError(f"Invalid email address {address!r}.") from None
        try:
            sent = services.send_report(period=period, to=options["to"], lang=options["lang"])
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 (SMTP and socket errors: one line, no trace)
            raise CommandError(
                f"The email could not be sent: {type(exc).__name__}: {exc}"
            ) from None
        if not sent:
            raise CommandError(f"No data for {period.key}: nothing was sent.")
        self.stdout.write(f"Sent the report {period.key} to {', '.join(options['to'])}.")
