"""Bring the Contributors, Editors and Publishers groups in step with archive/roles.py.

    python manage.py sync_roles

The data migrations already do this; run it after changing ROLES on a live
database before the next migration exists.
"""

from django.core.management.base import BaseCommand

from archive.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Create the editorial groups and set their permissions."

    def handle(self, *args, **options):
        sync_roles()
        for name, permissions in ROLES.items():
            self.stdout.write(f"{name}: {len(permissions)} permissions.")
