"""Create the first admin user if there is none, and print how to log in.

    python manage.py ensure_admin [--port PORT]

With ``DJANGO_SUPERUSER_USERNAME`` and ``DJANGO_SUPERUSER_PASSWORD`` (and
optionally ``DJANGO_SUPERUSER_EMAIL``) set, the superuser is created from
them and the password is never printed. Otherwise the user ``admin`` gets a
generated password, printed and saved to ``var/admin-login.txt`` (mode 600)
so that the next `make run` prints the same login. When a superuser already
exists nothing is created.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from archive.admin_login import AdminUserError, admin_user_ensure


class Command(BaseCommand):
    help = "Create a superuser for `make run` if none exists, and print the admin login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", default=os.environ.get("PORT") or "8000", help="The port the admin is served on (default: 8000)."
        )

    def handle(self, *args, port, **options):
        try:
            login = admin_user_ensure()
        except AdminUserError as error:
            raise CommandError(str(error)) from error
        password = login.password if login.password else f"({login.note})"
        state = "created" if login.created else "existing user"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Admin: http://127.0.0.1:{port}/admin/"))
        self.stdout.write(f"  user:     {login.username}  ({state})")
        self.stdout.write(f"  password: {password}")
        if login.password:
            self.stdout.write(f"            ({login.note})")
        self.stdout.write("")
