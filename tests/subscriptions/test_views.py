"""The user's own email settings page."""

import pytest
from django.conf import settings
from django.urls import reverse

from subscriptions.models import Subscription

URL = "/subscriptions/"


def test_url_and_menu(leadership_client):
    assert reverse("subscriptions:settings") == URL
    page = leadership_client.get("/reports/").content.decode()
    assert f'href="{URL}"' in page
    assert "Nhận báo cáo qua email" in page


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(URL, {"monthly": "on"}).status_code == 302
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("who", ["staff_client", "leadership_client", "admin_client"])
def test_every_logged_in_user_has_the_page(request, db, who):
    response = request.getfixturevalue(who).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Báo cáo tháng" in page and "Báo cáo quý" in page and "Báo cáo 6 tháng" in page
    assert "Tiếng Việt" in page or "Vietnamese" in page or "vi" in page
    assert "style=" not in page.split("<main", 1)[-1]


def test_a_leader_subscribes(leadership_client, leadership_user):
    response = leadership_client.post(
        URL, {"email": "lanhdao@example.org", "monthly": "on", "half_yearly": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == URL
    assert "Đã lưu cài đặt nhận báo cáo qua email." in response.content.decode()
    subscription = Subscription.objects.get(user=leadership_user)
    assert (subscription.monthly, subscription.quarterly, subscription.half_yearly) == (
        True,
        False,
        True,
    )
    leadership_user.refresh_from_db()
    assert leadership_user.email == "lanhdao@example.org"
    page = leadership_client.get(URL).content.decode()
    assert 'value="lanhdao@example.org"' in page
    assert page.count("checked") == 2


def test_an_address_is_required_and_kept_on_error(leadership_client):
    response = leadership_client.post(URL, {"email": "", "quarterly": "on"})
    assert response.status_code == 200
    assert "Hãy nhập địa chỉ email nhận báo cáo." in response.content.decode()
    response = leadership_client.post(URL, {"email": "lanhdao@", "quarterly": "on"})
    page = response.content.decode()
    assert 'value="lanhdao@"' in page
    assert "checked" in page
    assert not Subscription.objects.exists()


def test_in_english(leadership_client):
    leadership_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = leadership_client.get(URL).content.decode()
    assert "Reports by email" in page and "Half-year report" in page
