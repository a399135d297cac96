"""Sending the period reports: once per period and person, in their language, with the three
files, never for a period without data, failures recorded and retried."""

import datetime as dt
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from hpkkt.periods import Period
from subscriptions import services
from subscriptions.models import Delivery, Subscription
from tests.subscriptions.conftest import FAILING, SITE, subscriber

JULY_1 = dt.date(2020, 7, 1)
PDF, DOCX, XLSX = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


def html_of(message) -> str:
    (content, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return content


# -- the settings -------------------------------------------------------------------------


def test_subscription_set_saves_the_choices_and_the_address(leadership_user):
    subscription = services.subscription_set(
        user=leadership_user,
        email=" lanhdao@example.org ",
        monthly=True,
        quarterly=False,
        half_yearly=True,
        alerts=True,
    )
    leadership_user.refresh_from_db()
    assert leadership_user.email == "lanhdao@example.org"
    assert (subscription.monthly, subscription.quarterly, subscription.half_yearly) == (
        True,
        False,
        True,
    )
    assert subscription.history.first().history_user == leadership_user
    again = services.subscription_set(
        user=leadership_user,
        email="lanhdao@example.org",
        monthly=False,
        quarterly=False,
        half_yearly=False,
        alerts=False,
    )
    assert again.pk == subscription.pk and not again.is_active
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(("email", "code"), [("", "required"), ("not-an-address", "invalid")])
def test_subscription_set_needs_a_valid_address(leadership_user, email, code):
    with pytest.raises(ValidationError) as error:
        services.subscription_set(
            user=leadership_user,
            email=email,
            monthly=True,
            quarterly=False,
            half_yearly=False,
            alerts=False,
        )
    assert error.value.error_dict["email"][0].code == code
    assert not Subscription.objects.exists()


# -- due reports --------------------------------------------------------------------------


def test_due_reports_go_once_per_period_and_person(june_2020, leadership_user, staff_user):
    subscriber(leadership_user, monthly=True, quarterly=True, half_yearly=True)
    subscriber(staff_user, email="canbo@example.org", monthly=True)
    outcome = services.send_due_reports(today=JULY_1)
    assert (outcome.sent, outcome.failed) == (4, 0)
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == [
        ("canbo@example.org", "Báo cáo sơ kết: Tháng 6 năm 2020 (01/06/2020 – 30/06/2020)"),
        ("leader@example.org", "Báo cáo sơ kết: 6 tháng đầu năm 2020 (01/01/2020 – 30/06/2020)"),
        ("leader@example.org", "Báo cáo sơ kết: Quý II năm 2020 (01/04/2020 – 30/06/2020)"),
        ("leader@example.org", "Báo cáo sơ kết: Tháng 6 năm 2020 (01/06/2020 – 30/06/2020)"),
    ]
    assert set(Delivery.objects.values_list("key", "status")) == {
        ("2020-06", "sent"),
        ("2020-Q2", "sent"),
        ("2020-H1", "sent"),
    }
    # The next run, later the same month, sends nothing again.
    mail.outbox.clear()
    outcome = services.send_due_reports(today=dt.date(2020, 7, 20))
    assert (outcome.sent, outcome.failed, mail.outbox) == (0, 0, [])
    assert Delivery.objects.count() == 4


def test_the_email_in_vietnamese(june_2020, leadership_user):
    subscriber(leadership_user, monthly=True)
    services.send_due_reports(today=JULY_1)
    (message,) = mail.outbox
    body = message.body
    assert body.startswith("Báo cáo tình hình thu hút đầu tư và nộp ngân sách nhà nước")
    assert "Trong tháng 6 năm 2020, về thu hút đầu tư trực tiếp nước ngoài" in body
    assert "tổng vốn thu hút đạt 150 triệu USD, tăng 50% so với cùng kỳ năm 2019" in body
    assert "- Vốn FDI thu hút: 150 triệu USD; +50% so với cùng kỳ năm trước; bằng 10% kế" in body
    assert "Dự án FDI: cấp mới / điều chỉnh tăng vốn: 1 / 1" in body
    assert "Nộp ngân sách nhà nước: 45,5 triệu đồng" in body
    assert f"{SITE}/?period=2020-06" in body
    html = html_of(message)
    assert f'href="{SITE}/?period=2020-06"' in html
    assert "tăng 50% so với cùng kỳ năm 2019" in html
    assert "<td>Vốn FDI thu hút</td>" in html


def test_the_email_in_the_subscribers_language(june_2020, leadership_user):
    subscriber(leadership_user, monthly=True, language="en")
    services.send_due_reports(today=JULY_1)
    (message,) = mail.outbox
    assert message.subject == "Period report: June 2020 (01/06/2020 – 30/06/2020)"
    assert "In June 2020, in foreign direct investment" in message.body
    assert "- FDI capital attracted: 150 million USD; +50% on the same period last year" in (
        message.body
    )
    assert "Open the dashboard for this period" in html_of(message)
    assert Delivery.objects.get().language == "en"
    pdf = next(a for a in message.attachments if a[0].endswith(".pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf[1])).pages)
    assert "HAI PHONG ECONOMIC ZONE AUTHORITY" in text


def test_attachments_are_the_pdf_word_and_excel_files(june_2020, leadership_user):
    subscriber(leadership_user, quarterly=True)
    services.send_due_reports(today=JULY_1)
    (message,) = mail.outbox
    names = [(name, mimetype) for name, _content, mimetype in message.attachments]
    assert names == [
        ("bao-cao-so-ket-2020-Q2.pdf", PDF),
        ("bao-cao-so-ket-2020-Q2.docx", DOCX),
        ("bao-cao-so-ket-2020-Q2.xlsx", XLSX),
    ]
    files = {name: content for name, content, _mimetype in message.attachments}
    pdf = PdfReader(io.BytesIO(files["bao-cao-so-ket-2020-Q2.pdf"]))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Quý II năm 2020" in text and "Trang 1/" in text
    assert (
        "Quý II năm 2020"
        in Document(io.BytesIO(files["bao-cao-so-ket-2020-Q2.docx"])).paragraphs[1].text
    )
    workbook = openpyxl.load_workbook(io.BytesIO(files["bao-cao-so-ket-2020-Q2.xlsx"]))
    assert workbook.sheetnames[:2] == ["FDI", "DI"]
    # The raw message is a valid multipart MIME message with the three parts.
    raw = message.message().as_bytes()
    assert b"multipart/mixed" in raw and b"multipart/alternative" in raw


def test_nothing_is_sent_for_a_period_without_data(june_2020, leadership_user):
    subscriber(leadership_user, monthly=True)
    outcome = services.send_due_reports(today=dt.date(2020, 9, 1))  # August is empty
    assert mail.outbox == [] and outcome.sent == 0
    assert outcome.skipped == ["2020-08: no data"]
    assert not Delivery.objects.exists()


def test_a_failure_is_recorded_and_retried_on_the_next_run(
    june_2020, leadership_user, settings, caplog
):
    subscriber(leadership_user, monthly=True)
    settings.EMAIL_BACKEND = FAILING
    outcome = services.send_due_reports(today=JULY_1)
    assert (outcome.sent, outcome.failed) == (0, 1)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == ("failed", 1, None)
    assert "mail server unreachable" in delivery.last_error
    assert "Could not send report 2020-06 to leader@example.org" in caplog.text
    # Still down: a second failed attempt on the same row.
    services.send_due_reports(today=JULY_1)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    # Back up: sent, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = services.send_due_reports(today=dt.date(2020, 7, 2))
    assert (outcome.sent, outcome.failed) == (1, 0)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")
    assert delivery.sent_at is not None
    services.send_due_reports(today=dt.date(2020, 7, 3))
    assert len(mail.outbox) == 1


def test_a_failure_of_an_earlier_period_is_retried_after_the_next_one_closes(
    june_2020, leadership_user, settings
):
    subscriber(leadership_user, monthly=True)
    settings.EMAIL_BACKEND = FAILING
    services.send_due_reports(today=JULY_1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = services.send_due_reports(today=dt.date(2020, 8, 1))  # July has no data
    assert outcome.sent == 1
    assert [m.subject for m in mail.outbox] == [
        "Báo cáo sơ kết: Tháng 6 năm 2020 (01/06/2020 – 30/06/2020)"
    ]


def test_an_unsubscribed_person_gets_no_retry(june_2020, leadership_user, settings):
    subscription = subscriber(leadership_user, monthly=True)
    settings.EMAIL_BACKEND = FAILING
    services.send_due_reports(today=JULY_1)
    subscription.monthly = False
    subscription.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.send_due_reports(today=dt.date(2020, 8, 1))
    assert mail.outbox == []


def test_the_clock_decides_what_is_due_in_local_time(june_2020, leadership_user):
    subscriber(leadership_user, monthly=True)
    hanoi = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    # 30 June 23:30 in UTC is already 1 July in Hai Phong: June is closed.
    with time_machine.travel(dt.datetime(2020, 7, 1, 6, 30, tzinfo=hanoi), tick=False):
        services.send_due_reports()
    assert [m.subject[:32] for m in mail.outbox] == ["Báo cáo sơ kết: Tháng 6 năm 2020"]
    # On 30 June (local) May is the closed month, and it has no data.
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2020, 6, 30, 22, 0, tzinfo=hanoi), tick=False):
        outcome = services.send_due_reports()
    assert outcome.skipped == ["2020-05: no data"]


def test_send_report_now_to_any_address(june_2020):
    assert services.send_report(period=Period.parse("2020-H1"), to=["a@example.org"], lang="en")
    (message,) = mail.outbox
    assert message.to == ["a@example.org"]
    assert message.subject.startswith("Period report: First half of 2020")
    assert "subscribed" not in message.body
    assert len(message.attachments) == 3
    assert not Delivery.objects.exists()
    assert not services.send_report(period=Period.parse("2020-08"), to=["a@example.org"], lang="vi")


def test_the_site_url_must_be_set(settings, db):
    from django.core.exceptions import ImproperlyConfigured

    settings.SITE_URL = ""
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SITE_URL"):
        services.send_due_reports(today=JULY_1)
