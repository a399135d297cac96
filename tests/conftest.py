"""Shared fixtures: one user per role of the SPEC, logged-in clients for each.

The administrator is pytest-django's own ``admin_user``; ``admin_client`` is overridden so
its session has passed two-factor verification (required for superusers), as after a real
login with a code (the flow itself is tested in ``tests/hpkkt/test_otp.py``).
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hpkkt.roles import LEADERSHIP_GROUP, STAFF_GROUP
from hpkkt.security import OTP_REQUIRED_KEY


def _user(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="x-test-pass-1", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(autouse=True, scope="session")
def _aggregates_survive_sqlite_flush():
    """A transactional test ends with ``flush``. On SQLite that is ``DELETE FROM`` table by
    table in alphabetical order, so the maintained aggregates (investments.aggregates) are
    emptied before the projects and adjustments, whose delete triggers then leave negative
    rows for the next test. Recompute them after every flush (PostgreSQL truncates, which
    fires no row trigger)."""
    from django.core.management.commands import flush
    from django.db import connections

    from investments.aggregates import rebuild

    original = flush.Command.handle

    def handle(self, **options):
        result = original(self, **options)
        connection = connections[options["database"]]
        if connection.vendor == "sqlite":
            rebuild(using=connection)
        return result

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _streaming_responses_closed(monkeypatch):
    """Close every streaming response a test made when it ends. A server closes each response
    it sends, whether the client read it or not; Django's test client closes a streaming one
    only once its content is read. Left to the garbage collector (the response and its
    content wrapper hold each other), a CSV export's server-side cursor was closed in the
    middle of a later query on the same connection, and psycopg waited for itself forever."""
    from django.http import StreamingHttpResponse

    made = []
    original = StreamingHttpResponse.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(StreamingHttpResponse, "__init__", init)
    yield
    for response in made:
        # Its resources only (the content's generators): response.close() would also send
        # request_finished, which touches the database after the test let go of it.
        for close in response._resource_closers:
            close()
        response._resource_closers.clear()


@pytest.fixture(autouse=True)
def _figures_cache_cleared():
    """Each test starts with an empty figures cache in this process (hpkkt.figures): its query
    counts and first computations do not depend on the tests before it. The shared tier is a
    table, emptied with each test's rollback. (The keys hold the data version, so the figures
    would be exact without this too; tests/hpkkt/test_figures.py shows it.)"""
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.FIGURES_CACHES[0]].clear()


@pytest.fixture
def uncached_figures(settings):
    """No figures cache (hpkkt.figures): for the tests that count the engine's own queries."""
    settings.FIGURES_CACHES = ()


@pytest.fixture
def staff_user(db) -> User:
    return _user("canbo_test", STAFF_GROUP)


@pytest.fixture
def leadership_user(db) -> User:
    return _user("lanhdao_test", LEADERSHIP_GROUP)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def verify_otp(client: Client, user: User) -> TOTPDevice:
    """Give ``user`` a confirmed authenticator device and mark the client's (logged-in)
    session as verified with it, as ``django_otp.login`` does after a correct code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[OTP_REQUIRED_KEY] = True
    session.save()
    return device


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = _client_for(admin_user)
    verify_otp(client, admin_user)
    return client


@pytest.fixture
def staff_client(staff_user) -> Client:
    return _client_for(staff_user)


@pytest.fixture
def leadership_client(leadership_user) -> Client:
    return _client_for(leadership_user)
