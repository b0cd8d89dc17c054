import pytest
from django.contrib.auth.models import Group, Permission

from archive.roles import ROLES, sync_roles
from tests.factories import RoleUserFactory

WORKFLOW = ["archive.document", "meetings.meeting", "people.person"]


def _codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.mark.django_db
@pytest.mark.parametrize("label", WORKFLOW)
@pytest.mark.parametrize("action", ["publish", "review", "withdraw"])
def test_custom_permission_codename_is_action_underscore_model_name(label, action):
    app_label, model_name = label.split(".")
    assert Permission.objects.filter(content_type__app_label=app_label, codename=f"{action}_{model_name}").exists()


@pytest.mark.django_db
def test_data_migration_creates_the_three_groups_with_exactly_their_role_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Contributors", "Editors", "Publishers"}
    for name, wanted in ROLES.items():
        assert _codenames(Group.objects.get(name=name)) == wanted


@pytest.mark.django_db
def test_roles_nest_contributors_within_editors_within_publishers():
    contributors, editors, publishers = (_codenames(Group.objects.get(name=n)) for n in ROLES)
    assert contributors < editors < publishers
    for label in WORKFLOW:
        app_label, model = label.split(".")
        assert f"{app_label}.change_{model}" in contributors
        assert f"{app_label}.review_{model}" in editors - contributors
        assert {f"{app_label}.publish_{model}", f"{app_label}.withdraw_{model}"} <= publishers - editors


@pytest.mark.django_db
def test_sync_roles_restores_a_group_edited_by_hand():
    publishers = Group.objects.get(name="Publishers")
    publishers.permissions.clear()
    Group.objects.get(name="Editors").delete()
    sync_roles()
    assert _codenames(Group.objects.get(name="Publishers")) == ROLES["Publishers"]
    assert _codenames(Group.objects.get(name="Editors")) == ROLES["Editors"]


@pytest.mark.django_db
def test_a_publisher_holds_the_publish_permission_the_importer_checks():
    user = RoleUserFactory(role="Publishers")
    assert user.has_perm("archive.publish_document")
    assert user.has_perm("meetings.publish_meeting")
    assert user.has_perm("people.publish_person")
    assert not RoleUserFactory(role="Editors").has_perm("archive.publish_document")
