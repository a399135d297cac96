"""Sessions: 30 minutes idle, 12 hours at most, a browser-session cookie, and ended on the
server at logout, at a password change (the other sessions) and when a user is deactivated."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "x-test-pass-1"  # noqa: S105


def _login(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _start():
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def test_the_cookie_ends_with_the_browser(client, staff_user):
    response = client.post(
        reverse("login"), {"username": staff_user.username, "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"]
    assert not cookie["max-age"]
    assert cookie["httponly"]


def test_thirty_idle_minutes_end_the_session(staff_user):
    with time_machine.travel(_start(), tick=False) as traveller:
        client = _login(staff_user)
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_twelve_hours_end_even_a_busy_session(staff_user):
    with time_machine.travel(_start(), tick=False) as traveller:
        client = _login(staff_user)
        for _ in range(12 * 3 - 1):
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get(reverse("password_change")).status_code == 200
        traveller.shift(dt.timedelta(minutes=21))  # 12 h 1 min after the login
        response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.exists()


def test_logout_deletes_the_session_on_the_server(staff_user):
    client = _login(staff_user)
    key = client.session.session_key
    assert Session.objects.filter(pk=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(pk=key).exists()


def test_a_password_change_ends_the_other_sessions(staff_user):
    other = _login(staff_user)
    client = _login(staff_user)
    old_key = client.session.session_key
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-42",
            "new_password2": "a-new-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert not Session.objects.filter(pk=other.session.session_key or "-").exists()
    assert other.get("/").status_code == 302
    assert client.session.session_key != old_key
    assert not Session.objects.filter(pk=old_key).exists()
    assert client.get("/").status_code == 200


def test_deactivating_a_user_ends_all_their_sessions(staff_user, leadership_user):
    first, second = _login(staff_user), _login(staff_user)
    bystander = _login(leadership_user)
    staff_user.is_active = False
    staff_user.save()
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 302
    assert bystander.get("/").status_code == 200
    assert Session.objects.count() == 1


def test_deactivating_in_the_admin_ends_the_sessions(staff_user, admin_client):
    victim = _login(staff_user)
    url = reverse("admin:auth_user_change", args=[staff_user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "last_login", "date_joined")
    }
    data.update(
        groups=[group.pk for group in staff_user.groups.all()],
        user_permissions=[],
        is_active="",
        date_joined_0=staff_user.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=staff_user.date_joined.strftime("%H:%M:%S"),
    )
    data = {key: value for key, value in data.items() if value is not False}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    staff_user.refresh_from_db()
    assert not staff_user.is_active
    assert victim.get("/").status_code == 302
