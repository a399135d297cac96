"""Shared fixtures: one user per role of the SPEC, logged-in clients for each.

The administrator is pytest-django's own ``admin_user`` / ``admin_client``.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from hpkkt.roles import LEADERSHIP_GROUP, STAFF_GROUP


def _user(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="x-test-pass-1", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


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


@pytest.fixture
def staff_client(staff_user) -> Client:
    return _client_for(staff_user)


@pytest.fixture
def leadership_client(leadership_user) -> Client:
    return _client_for(leadership_user)
