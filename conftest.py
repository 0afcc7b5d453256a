"""Shared test fixtures. The personas and factories live in stepcare/testing.py."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("STEPCARE_DATA_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))
os.environ.setdefault("STEPCARE_MODE", "local")
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from stepcare.testing import (  # noqa: E402 - after the environment above
    PASSWORD,
    make_assessment,
    make_proposal,
    make_world,
    totp_code,
)

__all__ = ["PASSWORD", "make_assessment", "make_proposal", "make_world", "totp_code"]


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def login(client):
    """Log a persona in with the Django test client (second factor bypassed)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _second_factor_off_unless_asked(request, settings):
    """Most tests are about something else; the 2FA tests turn it back on."""
    settings.REQUIRE_2FA = request.node.get_closest_marker("require_2fa") is not None


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (asserted in test_auth); tests need speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(request, settings):
    """Background tasks run in-line in tests, except where a test exercises the queue."""
    if request.node.get_closest_marker("task_queue") is None:
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
