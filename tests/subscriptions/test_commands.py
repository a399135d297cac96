"""``send_report`` and ``send_due_reports``: what they send, and one line on bad input."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections

from subscriptions.models import Delivery
from tests.subscriptions.conftest import FAILING, subscriber


def command_line(capsys, *args) -> tuple[int, str, str]:
    utility = ManagementUtility(["manage.py", *args])
    # A command run from the command line closes the database connections when it ends;
    # keep the test's (PostgreSQL would lose its test transaction).
    with pytest.raises(SystemExit) as exit_info, pytest.MonkeyPatch.context() as patch:
        patch.setattr(connections, "close_all", lambda: None)
        utility.execute()
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_send_report_sends_one_now(june_2020, capsys):
    call_command("send_report", "--period", "2020-H1", "--to", "someone@example.org")
    (message,) = mail.outbox
    assert message.to == ["someone@example.org"]
    assert message.subject.startswith("Báo cáo sơ kết: 6 tháng đầu năm 2020")
    assert [a[0] for a in message.attachments] == [
        "bao-cao-so-ket-2020-H1.pdf",
        "bao-cao-so-ket-2020-H1.docx",
        "bao-cao-so-ket-2020-H1.xlsx",
    ]
    assert "Sent the report 2020-H1 to someone@example.org." in capsys.readouterr().out


def test_send_report_in_english_to_several(june_2020):
    call_command(
        "send_report",
        "--period",
        "2020-06",
        "--to",
        "a@example.org",
        "--to",
        "b@example.org",
        "--lang",
        "en",
    )
    (message,) = mail.outbox
    assert message.to == ["a@example.org", "b@example.org"]
    assert message.subject.startswith("Period report: June 2020")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2020-H3", "--to", "a@example.org"], "Invalid period"),
        (["--period", "2020-13", "--to", "a@example.org"], "Invalid month"),
        (["--period", "2020-H1", "--to", "not-an-address"], "Invalid email address"),
        (["--period", "2020-H1", "--to", "a@example.org", "--lang", "fr"], "Unknown language"),
        (["--to", "a@example.org"], "--period"),
        (["--period", "2020-H1"], "--to"),
        (["--period", "2020-H1", "--to", "a@example.org", "--bogus"], "unrecognized"),
        (["--period", "2020-08", "--to", "a@example.org"], "No data for 2020-08"),
    ],
)
def test_send_report_bad_input_is_one_line(june_2020, capsys, args, message):
    code, out, err = command_line(capsys, "send_report", *args)
    assert code != 0
    assert err.count("\n") == 1, err
    assert err.startswith("send_report: error: ")
    assert message in err
    assert "Traceback" not in err
    assert mail.outbox == []


def test_send_report_when_the_server_is_down_is_one_line(june_2020, capsys, settings):
    settings.EMAIL_BACKEND = FAILING
    code, _out, err = command_line(
        capsys, "send_report", "--period", "2020-06", "--to", "a@example.org"
    )
    assert code == 1
    assert err == (
        "send_report: error: The email could not be sent: ConnectionRefusedError: "
        "mail server unreachable\n"
    )


def test_call_command_raises_command_error(db):
    with pytest.raises(CommandError, match="Invalid period"):
        call_command("send_report", "--period", "nonsense", "--to", "a@example.org")


def test_send_due_reports_for_cron(june_2020, leadership_user, capsys):
    subscriber(leadership_user, monthly=True, half_yearly=True, alerts=True)
    with time_machine.travel(dt.datetime(2020, 7, 1, 8, 0, tzinfo=dt.UTC), tick=False):
        call_command("send_due_reports")
        out = capsys.readouterr().out
        # June, the first half, and the alert: June's pace heads far below the FDI target.
        assert out.splitlines()[0] == "reports: 2 sent, 0 failed; alerts: 1 sent, 0 failed"
        call_command("send_due_reports")
        assert capsys.readouterr().out.startswith("reports: 0 sent, 0 failed; alerts: 0 sent")
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(status="sent").count() == 3


def test_send_due_reports_failing_exits_non_zero_with_one_line(
    june_2020, leadership_user, capsys, settings
):
    subscriber(leadership_user, monthly=True)
    settings.EMAIL_BACKEND = FAILING
    with time_machine.travel(dt.datetime(2020, 7, 1, 8, 0, tzinfo=dt.UTC), tick=False):
        code, _out, err = command_line(capsys, "send_due_reports")
    assert code == 1
    # The log's warning (stderr under the default logging) and then the one-line error.
    assert err.splitlines()[-1] == (
        "send_due_reports: error: 1 email(s) could not be sent; see the log."
    )
    assert "Could not send report 2020-06 to leader@example.org" in err
    assert "Traceback" not in err
    assert Delivery.objects.get().status == "failed"


def test_send_due_reports_without_a_site_url(db, capsys, settings):
    settings.SITE_URL = ""
    code, _out, err = command_line(capsys, "send_due_reports")
    assert code == 2
    assert err == (
        "send_due_reports: error: DJANGO_SITE_URL is not set: emails need the dashboard's "
        "address.\n"
    )


def test_send_due_reports_rejects_unknown_arguments(db, capsys):
    code, _out, err = command_line(capsys, "send_due_reports", "--period", "2020")
    assert code == 2 and err.count("\n") == 1 and "unrecognized arguments" in err
