"""Every admin changelist: it renders, it searches, and its query count does not grow with rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Document, PolicyTheme, SourceFile
from meetings.models import Meeting, MeetingSeries, Participation
from people.models import Appointment, Organization, Person, PersonName
from tests import factories

pytestmark = pytest.mark.django_db


def make_document(n):
    theme, person = factories.PolicyThemeFactory(), factories.PersonFactory()
    return factories.DocumentFactory.create_batch(
        n, publisher=factories.OrganizationFactory(), themes=[theme], people=[person]
    )


MAKERS = {
    Document: make_document,
    PolicyTheme: lambda n: factories.PolicyThemeFactory.create_batch(n, parent=factories.PolicyThemeFactory()),
    SourceFile: lambda n: factories.SourceFileFactory.create_batch(n),
    Meeting: lambda n: factories.MeetingFactory.create_batch(n, series=factories.MeetingSeriesFactory()),
    MeetingSeries: lambda n: factories.MeetingSeriesFactory.create_batch(n),
    Participation: lambda n: factories.ParticipationFactory.create_batch(
        n, organization=factories.OrganizationFactory()
    ),
    Person: lambda n: factories.PersonFactory.create_batch(n),
    PersonName: lambda n: factories.PersonNameFactory.create_batch(n, source=factories.SourceFileFactory()),
    Appointment: lambda n: factories.AppointmentFactory.create_batch(n),
    Organization: lambda n: factories.OrganizationFactory.create_batch(n, parent=factories.OrganizationFactory()),
}


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_project_model_is_registered_and_has_a_maker():
    project_models = {
        model for model in admin.site._registry if model._meta.app_label in {"archive", "people", "meetings"}
    }
    assert set(MAKERS) <= project_models
    assert project_models <= set(MAKERS) | {
        m for m in project_models if m._meta.model_name not in {mm._meta.model_name for mm in MAKERS}
    }


@pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m._meta.model_name)
def test_changelist_queries_do_not_grow_with_rows(model, admin_client, django_assert_max_num_queries):
    MAKERS[model](1)
    with CaptureQueriesContext(connection) as one_row:
        response = admin_client.get(changelist_url(model))
    assert response.status_code == 200
    MAKERS[model](49)
    with django_assert_max_num_queries(len(one_row)):
        response = admin_client.get(changelist_url(model))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 50


@pytest.mark.parametrize("term", ["Shin Wonsik", "Shin Won Sik", "shin won-sik", "신원식", "Wonsik"])
def test_person_changelist_finds_a_person_by_any_name_variant(admin_client, term):
    person = factories.PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", hangul_name="")
    for variant in ("Shin Won-sik", "Shin Wonsik", "Shin Won Sik", "신원식"):
        factories.PersonNameFactory(person=person, name=variant, is_preferred=variant == "Shin Won-sik")
    factories.PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii")
    response = admin_client.get(changelist_url(Person), {"q": term})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [person]


@pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m._meta.model_name)
def test_change_and_add_forms_render(model, admin_client):
    obj = MAKERS[model](1)[0]
    opts = model._meta
    assert (
        admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code == 200
    )
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
