"""Production defaults, security headers and the Content-Security-Policy."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
# An executable <script> without src (a json_script data block is not executed).
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="hpkkt.example.vn",
        **extra,
    )
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_only_the_secret_key_and_the_hosts():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_plain_http_switches_are_what_the_deploy_check_warns_about():
    env = _production_env(
        DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0", DJANGO_SECURE_COOKIES="0"
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stdout + result.stderr


def test_security_headers_on_a_page(leadership_client):
    response = leadership_client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/investments/projects/",
        "/investments/projects/?_export=xlsx",
        "/budget/remittances/?_export=csv",
        "/reports/?period=2020",
        "/reports/?period=2020&format=xlsx",
        "/reports/?period=2020&format=docx",
        "/import/export/",
    ],
)
def test_data_pages_and_downloads_are_never_cached(leadership_client, url):
    response = leadership_client.get(url)
    assert response.status_code == 200
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache


def test_the_login_page_is_not_cached_either(client):
    cache = client.get(reverse("login"))["Cache-Control"]
    assert "no-store" in cache


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_keep_their_public_cache():
    response = Client().get(settings.STATIC_URL + "css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


def test_healthz_answers_head_and_get_without_login(client):
    assert client.head("/healthz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_the_https_redirect_spares_the_health_probe():
    client = Client()
    assert client.get("/healthz").status_code == 200
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_small_form_bodies_only():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


def test_a_large_form_body_is_refused_without_a_server_error(client):
    response = client.post(reverse("login"), {"username": "x", "password": "y" * 3_000_000})
    assert response.status_code == 400


def _template_files() -> list[Path]:
    roots = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
    return sorted(path for root in roots for path in root.rglob("*.html"))


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_no_template_has_inline_script_or_event_handlers(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script> breaks script-src 'self'"
    assert not EVENT_HANDLER.search(text), "on…= handlers break script-src 'self'"
    assert "javascript:" not in text


def test_static_javascript_does_not_evaluate_strings():
    for path in (BASE_DIR / "dashboard" / "static").rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert "eval(" not in text and "new Function" not in text, path


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/investments/project/",
        "/admin/investments/project/add/",
        "/admin/auth/user/",
        "/admin/hpkkt/securityevent/",
        "/admin/axes/accessattempt/",
    ],
)
def test_admin_pages_load_under_the_csp_without_inline_script(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html)
