"""In a real browser (skipped without Chromium, like tests/dashboard/test_browser.py): an
administrator logs in, must set up two-factor authentication from the locally drawn QR code's
key, then reaches the admin; the strict CSP blocks nothing on the way."""

import base64

from django.contrib.auth.models import User
from django_otp.oath import TOTP

from tests.dashboard.test_browser import browser, pytestmark, server  # noqa: F401

PASSWORD = "browser-admin-pass-1"  # noqa: S105


def _code(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def test_an_administrator_enrols_and_nothing_breaks_the_csp(server, browser):  # noqa: F811
    User.objects.create_superuser("admin_browser", "a@example.vn", PASSWORD)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    violations, errors, outside = [], [], []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((server.url, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )

    page.goto(f"{server.url}/admin/login/?next=/admin/")
    page.fill("input[name=username]", "admin_browser")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url("**/accounts/security/setup/**")
    assert page.locator(".otp-qr svg").count() == 1
    secret = page.locator(".font-monospace").inner_text()
    page.fill("input[name=token]", _code(secret))
    page.locator("main form [type=submit]").click()
    assert page.locator(".recovery-codes li").count() == 10
    page.locator("main a.btn-primary").click()
    page.wait_for_url(f"{server.url}/admin/")

    for path in ("/admin/auth/user/", "/admin/investments/project/add/", "/"):
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []
    assert errors == []
    assert outside == []
    context.close()
