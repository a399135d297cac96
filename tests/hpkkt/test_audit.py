"""The security log: logins, failures, 403s, imports, exports and user or group changes, with
user, IP and UTC time, in the ``hpkkt.security`` log and in a read-only admin table; history on
users, groups, zones, sectors and units."""

import datetime as dt
import logging

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from budget.models import Unit
from hpkkt.audit import client_ip, record_event
from hpkkt.models import SecurityEvent
from investments.models import Sector, Zone

pytestmark = pytest.mark.django_db

PASSWORD = "x-test-pass-1"  # noqa: S105


def _events(action):
    return SecurityEvent.objects.filter(action=action)


def test_record_event_writes_the_log_and_the_table(rf, staff_user, caplog):
    request = rf.get("/somewhere/?a=1", REMOTE_ADDR="10.1.2.3")
    request.user = staff_user
    with caplog.at_level(logging.INFO, logger="hpkkt.security"):
        record_event(action="export", request=request, detail="projects.xlsx")
    event = SecurityEvent.objects.get(action="export")
    assert (event.user, event.username, event.ip_address) == (staff_user, "canbo_test", "10.1.2.3")
    assert event.path == "/somewhere/?a=1"
    assert event.created_at.utcoffset() == dt.timedelta(0)
    assert "export user=canbo_test ip=10.1.2.3" in caplog.text


def test_the_forwarded_address_counts_only_behind_a_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")
    settings.HPKKT_BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.HPKKT_BEHIND_PROXY = True
    assert client_ip(request) == "192.0.2.7"


def test_login_and_failure_are_logged(client, staff_user):
    client.post(reverse("login"), {"username": staff_user.username, "password": "nope"})
    client.post(reverse("login"), {"username": staff_user.username, "password": PASSWORD})
    assert _events("login_failed").get().username == staff_user.username
    login = _events("login").get()
    assert login.user == staff_user
    assert login.ip_address == "127.0.0.1"


def test_a_403_is_logged(leadership_client, leadership_user):
    response = leadership_client.get(reverse("investments:project_create"))
    assert response.status_code == 403
    event = _events("permission_denied").get()
    assert event.user == leadership_user
    assert event.path == reverse("investments:project_create")


def test_a_missing_csrf_token_is_a_logged_403(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "CSRF" in _events("permission_denied").get().detail


@pytest.mark.parametrize(
    "url",
    [
        "/investments/projects/?_export=xlsx",
        "/budget/remittances/?_export=csv",
        "/reports/?period=2020&format=docx",
        "/reports/?period=2020&format=xlsx",
        "/import/export/",
    ],
)
def test_every_download_is_logged(leadership_client, leadership_user, url):
    assert leadership_client.get(url).status_code == 200
    event = _events("export").get()
    assert event.user == leadership_user
    assert event.detail


def test_user_and_group_changes_are_logged_with_who_did_them(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:auth_group_add"), {"name": "Kiểm toán", "permissions": []}
    )
    assert response.status_code == 302
    group = _events("group_changed").get(detail__contains="Kiểm toán")
    assert group.user == admin_user
    user = User.objects.create_user("moi", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Kiểm toán"))
    details = list(_events("user_changed").values_list("detail", flat=True))
    assert any("user=moi created" in d for d in details)
    assert any("user=moi groups add" in d for d in details)


def test_the_admin_reads_and_filters_the_log_but_cannot_change_it(admin_client):
    record_event(action="export", detail="x.xlsx")
    url = reverse("admin:hpkkt_securityevent_changelist")
    assert admin_client.get(url + "?action=export").status_code == 200
    event = SecurityEvent.objects.filter(action="export").get()
    change = admin_client.get(reverse("admin:hpkkt_securityevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert admin_client.get(reverse("admin:hpkkt_securityevent_add")).status_code == 403
    delete = reverse("admin:hpkkt_securityevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_staff_cannot_read_the_log(staff_client):
    url = reverse("admin:hpkkt_securityevent_changelist")
    assert staff_client.get(url).status_code == 403


@pytest.mark.parametrize("model", [Zone, Sector, Unit, User, Group])
def test_history_is_kept(model):
    assert model.history.model._meta.app_label in {"investments", "budget", "hpkkt"}


def test_history_of_a_user_leaves_the_password_out(admin_user):
    admin_user.first_name = "An"
    admin_user.save()
    record = admin_user.history.first()
    assert record.first_name == "An"
    assert not hasattr(record, "password")


def test_editing_a_zone_in_the_admin_records_who(admin_client, admin_user):
    zone = Zone.objects.first()
    url = reverse("admin:investments_zone_change", args=[zone.pk])
    data = {
        "code": zone.code,
        "name": zone.name + " (mới)",
        "name_en": zone.name_en,
        "kind": zone.kind,
        "parent": zone.parent_id or "",
    }
    assert admin_client.post(url, data).status_code == 302
    assert zone.history.first().history_user == admin_user
    history = reverse("admin:investments_zone_history", args=[zone.pk])
    assert admin_client.get(history).status_code == 200


def _history_admins():
    from django.contrib import admin

    from hpkkt.admin import HistoryAdmin

    return [
        model._meta
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, HistoryAdmin)
    ]


@pytest.mark.parametrize("opts", _history_admins(), ids=lambda opts: opts.label)
def test_a_malformed_history_address_is_a_404(admin_client, opts):
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    assert admin_client.get(base + "1/change/history/").status_code == 404
    assert admin_client.get(base + "abc/history/").status_code == 404
    assert admin_client.get(base + "1/history/x/").status_code == 404
