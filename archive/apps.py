from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, apps=None, verbosity=0, **kwargs):
    from .roles import sync_roles

    sync_roles(apps, verbosity=max(verbosity - 1, 0))


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
        # The data migration creates the roles; this keeps them after a flush
        # (as transactional tests do) and in step with ROLES on every migrate.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="archive.sync_roles")
        from .cache import connect_signals

        connect_signals()
