"""Every page needs a login except the login page and /healthz (SPEC "Who uses it")."""

import pytest
from django.urls import reverse

from hpkkt.context_processors import NAV_ITEMS

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_login_page_is_public_and_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.parametrize("name", [name for name, _label, _entry in NAV_ITEMS])
def test_every_page_redirects_anonymous_users_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_login_with_wrong_password_says_so_in_vietnamese(client, staff_user):
    response = client.post(reverse("login"), {"username": staff_user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Vui lòng điền vào" in response.content.decode()


def test_login_then_reach_the_dashboard(client, leadership_user):
    response = client.post(
        reverse("login"), {"username": leadership_user.username, "password": "x-test-pass-1"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_every_menu_entry_is_installed(admin_client):
    response = admin_client.get(reverse("password_change"))
    urls = {item["url"] for item in response.context["nav_items"]}
    assert urls == {reverse(name) for name, _label, _entry in NAV_ITEMS}


def test_password_change_page_is_vietnamese(staff_client):
    response = staff_client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "Đổi mật khẩu" in response.content.decode()


def test_logout_is_a_post(staff_client):
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_client.get("/").status_code == 302
