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


@pytest.mark.parametrize("name", [item[0] for item in NAV_ITEMS])
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


def _menu_urls(response) -> set[str]:
    urls = set()
    for item in response.context["nav_items"]:
        urls |= {child["url"] for child in item.get("children", [])} or {item["url"]}
    return urls


def test_every_menu_entry_is_shown_to_administrators(admin_client):
    response = admin_client.get(reverse("password_change"))
    assert _menu_urls(response) == {reverse(item[0]) for item in NAV_ITEMS}


def test_leadership_menu_has_no_import(leadership_client):
    urls = _menu_urls(leadership_client.get(reverse("password_change")))
    assert reverse("exchange:import") not in urls
    assert reverse("investments:target_list") in urls


def test_plans_are_grouped_in_one_dropdown(admin_client):
    response = admin_client.get(reverse("budget:plan_list"))
    groups = [item for item in response.context["nav_items"] if "children" in item]
    groups = [group for group in groups if str(group["label"]) == "Kế hoạch"]
    assert len(groups) == 1
    assert groups[0]["active"]
    assert [child["url"] for child in groups[0]["children"]] == [
        reverse("investments:target_list"),
        reverse("budget:plan_list"),
        reverse("operations:target_list"),
    ]


def test_password_change_page_is_vietnamese(staff_client):
    response = staff_client.get(reverse("password_change"))
    assert response.status_code == 200
    assert "Đổi mật khẩu" in response.content.decode()


def test_logout_is_a_post(staff_client):
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_client.get("/").status_code == 302


def test_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()


def test_the_language_switch_wins(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert 'lang="en"' in response.content.decode()
    assert "Log in" in response.content.decode()


def test_login_fields_look_like_every_other_form(client):
    form = client.get(reverse("login")).context["form"]
    assert "form-control" in form.fields["username"].widget.attrs["class"]
    assert "form-control" in form.fields["password"].widget.attrs["class"]


def test_a_wrong_password_keeps_the_username(client, staff_user):
    response = client.post(reverse("login"), {"username": staff_user.username, "password": "x"})
    assert f'value="{staff_user.username}"' in response.content.decode()


def test_investment_lists_are_grouped_in_one_dropdown(leadership_client):
    """Projects, adjustments and share acquisitions share one entry, so the menu fits a laptop."""
    response = leadership_client.get(reverse("investments:adjustment_list"))
    groups = [item for item in response.context["nav_items"] if "children" in item]
    groups = [group for group in groups if str(group["label"]) == "Đầu tư"]
    assert len(groups) == 1
    assert groups[0]["active"]
    assert [child["url"] for child in groups[0]["children"]] == [
        reverse("investments:project_list"),
        reverse("investments:adjustment_list"),
        reverse("investments:share_acquisition_list"),
    ]
