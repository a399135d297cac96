"""django-axes on both login views: a username+IP pair is locked after 5 failures for 15
minutes, the message is Vietnamese (English on request), an administrator lifts the lock."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hpkkt.models import SecurityEvent

pytestmark = pytest.mark.django_db

PASSWORD = "x-test-pass-1"  # noqa: S105 - the fixtures' password
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _login(client, url, username, password, ip="10.0.0.5"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, url, username, times=5, ip="10.0.0.5"):
    for _ in range(times):
        response = _login(client, url, username, "wrong-password", ip)
        assert response.status_code in (200, 429)


@pytest.mark.parametrize("url", [reverse("login"), "/admin/login/"])
def test_five_failures_lock_the_username_from_that_address(client, staff_user, url):
    staff_user.is_staff = True
    staff_user.save()
    with time_machine.travel(START, tick=False):
        _fail(client, url, staff_user.username)
        response = _login(client, url, staff_user.username, PASSWORD)
    assert response.status_code == 429
    assert "Đăng nhập bị khoá" in response.content.decode()
    assert "15 phút" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, staff_user):
    with time_machine.travel(START, tick=False):
        _fail(client, reverse("login"), staff_user.username, times=4)
        assert _login(client, reverse("login"), staff_user.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, staff_user):
    url = reverse("login")
    with time_machine.travel(START, tick=False) as traveller:
        _fail(client, url, staff_user.username)
        traveller.shift(dt.timedelta(minutes=14))
        assert _login(client, url, staff_user.username, PASSWORD).status_code == 429
        traveller.shift(dt.timedelta(minutes=1, seconds=1))
        assert _login(client, url, staff_user.username, PASSWORD).status_code == 302


def test_an_attacker_elsewhere_cannot_lock_staff_out(client, staff_user):
    url = reverse("login")
    with time_machine.travel(START, tick=False):
        _fail(client, url, staff_user.username, ip="203.0.113.9")
        assert (
            _login(Client(), url, staff_user.username, PASSWORD, ip="10.0.0.5").status_code == 302
        )


def test_the_lockout_page_in_english(client, staff_user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(START, tick=False):
        _fail(client, reverse("login"), staff_user.username)
        response = _login(client, reverse("login"), staff_user.username, PASSWORD)
    assert response.status_code == 429
    assert "Login locked" in response.content.decode()


def test_an_administrator_lifts_the_lock_in_the_admin(client, staff_user, admin_client):
    url = reverse("login")
    with time_machine.travel(START, tick=False):
        _fail(client, url, staff_user.username)
        attempt = AccessAttempt.objects.get(username=staff_user.username)
        listing = admin_client.get("/admin/axes/accessattempt/")
        assert staff_user.username in listing.content.decode()
        response = admin_client.post(
            f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 302
        assert _login(client, url, staff_user.username, PASSWORD).status_code == 302


def test_failures_and_the_lockout_are_in_the_security_log(client, staff_user):
    with time_machine.travel(START, tick=False):
        _fail(client, reverse("login"), staff_user.username)
    events = SecurityEvent.objects.filter(username=staff_user.username)
    assert events.filter(action="login_failed").count() == 5
    lockout = events.get(action="lockout")
    assert lockout.ip_address == "10.0.0.5"
    assert lockout.created_at == START


def test_password_validators_are_kept():
    names = [item["NAME"].rsplit(".", 1)[1] for item in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
