"""The first admin user, for `make run`.

:func:`admin_user_ensure` creates a superuser when there is none: from
``DJANGO_SUPERUSER_USERNAME`` / ``DJANGO_SUPERUSER_PASSWORD`` /
``DJANGO_SUPERUSER_EMAIL`` when set, otherwise ``admin`` with a generated
password saved to ``<VAR_DIR>/admin-login.txt`` (readable by its owner only)
so a later run can show the login again. A password the user supplied is
never echoed back.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

LOGIN_FILE_NAME = "admin-login.txt"


class AdminUserError(RuntimeError):
    pass


@dataclass(frozen=True)
class AdminLogin:
    username: str
    password: str | None
    created: bool
    note: str


def login_file():
    return Path(settings.VAR_DIR) / LOGIN_FILE_NAME


def _read_saved_login():
    path = login_file()
    if not path.exists():
        return None
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    if fields.get("user") and fields.get("password"):
        return fields["user"], fields["password"]
    return None


def _save_login(username, password):
    # A local secret, not archive content: written with os.open so that it is
    # never readable by others, not even for a moment (no storage backend needed).
    path = login_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(f"user: {username}\npassword: {password}\n")


@transaction.atomic
def admin_user_ensure(*, environ=None):
    """Make sure a superuser exists and say how to log in as one."""
    environ = os.environ if environ is None else environ
    user_model = get_user_model()
    username = environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
    supplied_password = environ.get("DJANGO_SUPERUSER_PASSWORD") or None
    email = environ.get("DJANGO_SUPERUSER_EMAIL") or ""

    superusers = user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk")
    if superusers.exists():
        saved = _read_saved_login()
        if saved:
            user = superusers.filter(**{user_model.USERNAME_FIELD: saved[0]}).first()
            if user and user.check_password(saved[1]):
                return AdminLogin(saved[0], saved[1], False, f"generated earlier, saved in {login_file()}")
        user = superusers.filter(**{user_model.USERNAME_FIELD: username}).first() or superusers.first()
        return AdminLogin(user.get_username(), None, False, "not shown: it was set by you")

    if user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).exists():
        raise AdminUserError(
            f"A user named {username!r} exists but is not an active superuser; "
            f"run `manage.py createsuperuser` or set DJANGO_SUPERUSER_USERNAME to another name."
        )
    if supplied_password:
        user_model.objects.create_superuser(username, email, supplied_password)
        return AdminLogin(username, None, True, "not shown: the one in DJANGO_SUPERUSER_PASSWORD")

    password = secrets.token_urlsafe(12)
    user_model.objects.create_superuser(username, email, password)
    _save_login(username, password)
    return AdminLogin(username, password, True, f"generated, saved in {login_file()}")
