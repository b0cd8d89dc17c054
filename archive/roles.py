"""The editorial roles as Django groups, and the permissions each holds.

Contributors create and edit drafts and submit them; Editors also review,
request changes and correct records past draft; Publishers also publish,
schedule, withdraw and restore. :data:`ROLES` is the one place this is written:
a ``post_migrate`` hook calls :func:`sync_roles` after every migrate so the
groups stay in step with it, the initial data migration creates them with the
table frozen as it stood, and ``manage.py sync_roles`` does the same on a live
database.
"""

WORKFLOW_MODELS = ("archive.document", "meetings.meeting", "people.person")
CHILD_MODELS = ("meetings.participation", "people.personname", "people.appointment")
REFERENCE_MODELS = ("people.organization", "meetings.meetingseries", "archive.sourcefile")


def _perms(models, *actions):
    return {f"{model.split('.')[0]}.{action}_{model.split('.')[1]}" for model in models for action in actions}


CONTRIBUTORS = (
    _perms(WORKFLOW_MODELS, "view", "add", "change")
    | _perms(CHILD_MODELS, "view", "add", "change", "delete")
    | _perms(REFERENCE_MODELS, "view", "add", "change")
    | _perms(("archive.policytheme", "archive.auditevent"), "view")
)
EDITORS = (
    CONTRIBUTORS
    | _perms(WORKFLOW_MODELS, "review")
    | _perms(("archive.policytheme",), "add", "change", "delete")
    | _perms(("people.organization", "meetings.meetingseries"), "delete")
)
PUBLISHERS = EDITORS | _perms(WORKFLOW_MODELS, "publish", "withdraw", "delete")

ROLES = {"Contributors": CONTRIBUTORS, "Editors": EDITORS, "Publishers": PUBLISHERS}


def sync_roles(apps=None, verbosity=0, roles=None):
    """Create the groups and set their permissions to exactly ``roles`` (:data:`ROLES` by default).

    ``apps`` is a migration's app registry, or the live one when omitted. A data
    migration passes the table as it stood when the migration was written, so that
    a later change to :data:`ROLES` naming a newer model cannot break old migrations.
    """
    from django.contrib.auth.management import create_permissions

    if apps is None:
        from django.apps import apps
    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrations; make them now.
        # (A migration's app configs have no models_module, which makes create_permissions skip them.)
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=verbosity)
        finally:
            app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in (ROLES if roles is None else roles).items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for label in sorted(wanted):
            app_label, codename = label.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise LookupError(f"Role {name}: permission {label} does not exist.")
            permissions.append(permission)
        group.permissions.set(permissions)
