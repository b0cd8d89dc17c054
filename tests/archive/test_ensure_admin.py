"""`manage.py ensure_admin`: the first superuser for `make run`."""

import io
import re
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENV = ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD", "DJANGO_SUPERUSER_EMAIL")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, settings, tmp_path):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("PORT", raising=False)
    settings.VAR_DIR = tmp_path / "var"


def ensure_admin(*args):
    out = io.StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def shown_password(output):
    return re.search(r"^  password: (\S+)$", output, re.MULTILINE).group(1)


def test_without_env_creates_admin_with_a_generated_password_it_prints_and_saves(settings):
    output = ensure_admin()
    assert "Admin: http://127.0.0.1:8000/admin/" in output
    assert re.search(r"^  user: +admin  \(created\)$", output, re.MULTILINE)
    password = shown_password(output)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.check_password(password)
    login_file = settings.VAR_DIR / "admin-login.txt"
    assert login_file.read_text() == f"user: admin\npassword: {password}\n"
    assert stat.S_IMODE(login_file.stat().st_mode) == 0o600


def test_second_run_prints_the_same_login_and_creates_no_user():
    password = shown_password(ensure_admin())
    output = ensure_admin("--port", "8123")
    assert "Admin: http://127.0.0.1:8123/admin/" in output
    assert shown_password(output) == password
    assert "(existing user)" in output
    assert get_user_model().objects.count() == 1


def test_with_env_creates_that_user_and_never_prints_the_password(monkeypatch, settings):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "editor-in-chief")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "s3cret-from-env-Zq")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chief@example.org")
    outputs = ensure_admin() + ensure_admin()
    user = get_user_model().objects.get()
    assert (user.username, user.email, user.is_superuser) == ("editor-in-chief", "chief@example.org", True)
    assert user.check_password("s3cret-from-env-Zq")
    assert "s3cret-from-env-Zq" not in outputs
    assert "user:     editor-in-chief" in outputs
    assert not (settings.VAR_DIR / "admin-login.txt").exists()


def test_existing_superuser_is_kept_and_its_password_not_shown(monkeypatch):
    UserFactory(username="curator", is_superuser=True, password="curator-password-1")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "another-password-2")
    output = ensure_admin()
    assert get_user_model().objects.count() == 1
    assert "user:     curator  (existing user)" in output
    assert "curator-password-1" not in output and "another-password-2" not in output


def test_stale_saved_login_is_not_shown_after_a_password_change():
    password = shown_password(ensure_admin())
    user = get_user_model().objects.get(username="admin")
    user.set_password("changed-by-hand-3")
    user.save()
    output = ensure_admin()
    assert password not in output and "changed-by-hand-3" not in output


def test_a_plain_user_named_admin_is_an_error():
    UserFactory(username="admin", is_superuser=False)
    with pytest.raises(CommandError, match="A user named 'admin' exists but is not an active superuser"):
        ensure_admin()
