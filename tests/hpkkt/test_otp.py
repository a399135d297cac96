"""TOTP two-factor authentication: required for superusers, offered to everyone, the QR code
drawn locally, recovery codes shown once."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hpkkt.models import SecurityEvent
from hpkkt.views import OTP_SETUP_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "x-test-pass-1"  # noqa: S105
START = dt.datetime.now(dt.UTC).replace(microsecond=0)  # the sessions must stay fresh


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _logged_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root_test", "r@example.vn", PASSWORD)


@pytest.mark.parametrize("url", ["/", "/admin/", "/investments/projects/", "/admin/auth/user/"])
def test_a_superuser_without_a_device_is_sent_to_enrol_first(superuser, url):
    response = _logged_in(superuser).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))


def test_enrolment_shows_a_local_qr_code_then_recovery_codes_once(superuser):
    client = _logged_in(superuser)
    with time_machine.travel(START, tick=False) as traveller:
        page = client.get(reverse("otp_setup") + "?next=/admin/")
        html = page.content.decode()
        assert page.status_code == 200
        assert "<svg" in html
        assert "otpauth" not in html.split("<svg", 1)[0]  # no external QR service, no link
        assert not re.search(r'src="https?://', html)
        assert not TOTPDevice.objects.exists()  # nothing is written before a code is right
        device = TOTPDevice(key=client.session[OTP_SETUP_KEY])
        assert client.get("/admin/").status_code == 302

        wrong = client.post(reverse("otp_setup"), {"token": "000000", "next": "/admin/"})
        assert wrong.status_code == 200
        assert "Mã không đúng" in wrong.content.decode()
        traveller.shift(dt.timedelta(seconds=5))  # past the throttle of one failure
        done = client.post(reverse("otp_setup"), {"token": _code(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=superuser).confirmed
    assert client.get("/admin/").status_code == 200
    assert client.get("/").status_code == 200
    settings_page = client.get(reverse("account_security")).content.decode()
    assert "10 mã khôi phục" in settings_page
    assert codes[0] not in settings_page


def test_the_next_login_asks_for_a_code(superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    client = _logged_in(superuser)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("otp_verify"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    wrong = client.post(reverse("otp_verify"), {"token": "123456", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "Mã không đúng" in wrong.content.decode()
    device.throttle_reset()
    right = client.post(reverse("otp_verify"), {"token": _code(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    actions = set(SecurityEvent.objects.values_list("action", flat=True))
    assert {"login", "otp_failed", "otp_verified"} <= actions


def test_a_recovery_code_works_once(superuser):
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    first = Client()
    first.force_login(superuser)
    from hpkkt.views import _new_recovery_codes

    code = _new_recovery_codes(superuser)[0]
    client = _logged_in(superuser)
    assert client.post(reverse("otp_verify"), {"token": code}).status_code == 302
    assert not StaticToken.objects.filter(token=code).exists()
    again = _logged_in(superuser)
    assert again.post(reverse("otp_verify"), {"token": code}).status_code == 200


def test_the_verify_page_never_redirects_off_site(superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    client = _logged_in(superuser)
    response = client.post(
        reverse("otp_verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_staff_may_use_it_and_then_must_verify(staff_user):
    client = _logged_in(staff_user)
    assert client.get("/").status_code == 200
    page = client.get(reverse("account_security"))
    assert page.status_code == 200
    assert reverse("otp_setup") in page.content.decode()
    with time_machine.travel(START, tick=False):
        client.get(reverse("otp_setup"))
        device = TOTPDevice(key=client.session[OTP_SETUP_KEY])
        assert client.post(reverse("otp_setup"), {"token": _code(device)}).status_code == 200
    later = _logged_in(staff_user)
    assert later.get("/")["Location"].startswith(reverse("otp_verify"))


def test_staff_may_switch_it_off_but_a_superuser_may_not(staff_user, admin_client, admin_user):
    client = Client()
    client.force_login(staff_user)
    from tests.conftest import verify_otp

    verify_otp(client, staff_user)
    assert client.post(reverse("otp_disable"), {"password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff_user).exists()
    admin_client.post(reverse("otp_disable"), {"password": "password"})
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_switching_off_asks_for_the_password_again(staff_user):
    client = Client()
    client.force_login(staff_user)
    from tests.conftest import verify_otp

    verify_otp(client, staff_user)
    for data in ({}, {"password": "wrong"}):
        response = client.post(reverse("otp_disable"), data)
        assert response.status_code == 400
        assert TOTPDevice.objects.filter(user=staff_user).exists()
    assert "Mật khẩu không đúng." in response.content.decode()
    assert SecurityEvent.objects.filter(action="login_failed", detail="confirm disable").exists()


def test_new_recovery_codes_ask_for_the_password_again(admin_client, admin_user):
    from hpkkt.views import _new_recovery_codes

    old = _new_recovery_codes(admin_user)
    response = admin_client.post(reverse("otp_recovery_codes"), {"password": "wrong"})
    assert response.status_code == 400
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_new_recovery_codes_replace_the_old_ones(admin_client, admin_user):
    from hpkkt.views import _new_recovery_codes

    old = _new_recovery_codes(admin_user)
    response = admin_client.post(reverse("otp_recovery_codes"), {"password": "password"})
    assert response.status_code == 200
    new = response.context["codes"]
    assert set(old).isdisjoint(new)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_setting_up_two_factor_ends_the_other_sessions(staff_user):
    other = _logged_in(staff_user)
    client = _logged_in(staff_user)
    with time_machine.travel(START, tick=False):
        client.get(reverse("otp_setup"))
        device = TOTPDevice(key=client.session[OTP_SETUP_KEY])
        assert client.post(reverse("otp_setup"), {"token": _code(device)}).status_code == 200
        assert client.get("/").status_code == 200
        assert other.get("/").status_code == 302


def test_guessing_the_confirmation_password_locks_like_a_login(staff_user):
    client = Client()
    client.force_login(staff_user)
    from tests.conftest import verify_otp

    verify_otp(client, staff_user)
    for _ in range(5):
        client.post(reverse("otp_disable"), {"password": "wrong"})
    refused = client.post(reverse("otp_disable"), {"password": PASSWORD})
    assert refused.status_code in (400, 429)
    assert TOTPDevice.objects.filter(user=staff_user).exists()
