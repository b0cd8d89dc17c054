"""Importing people, name variants and appointments; the progress bar."""

import io

import pytest

from archive.transfer.importing import records_import
from archive.transfer.progress import ProgressBar
from people.models import Organization, Person, PersonName
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_imported_name_variants_get_their_keys_and_make_the_person_findable(superuser):
    person = PersonFactory(slug="shin", display_name="Shin Won-sik")
    data = "person,name\nshin,Shin Wonsik\nshin,신원식\n".encode()
    assert records_import(kind="person-names", data=data, user=superuser).ok
    names = {n.name: (n.key, n.script) for n in PersonName.objects.all()}
    assert names == {"Shin Wonsik": ("shinwonsik", "latin"), "신원식": ("신원식", "hangul")}
    assert list(Person.objects.search("신원식")) == [person]


def test_people_get_a_family_name_derived_as_the_model_does(superuser):
    data = b"slug,display_name,country\nkim,Kim Min-jun,KR\naustin,Lloyd Austin,US\n"
    assert records_import(kind="people", data=data, user=superuser).ok
    assert dict(Person.objects.values_list("slug", "family_name")) == {"kim": "Kim", "austin": "Austin"}


def test_organization_parents_may_come_later_in_the_file(superuser):
    data = b"slug,name,parent\njcs,Joint Chiefs of Staff,mnd\nmnd,Ministry of National Defense,\n"
    assert records_import(kind="organizations", data=data, user=superuser).ok
    assert Organization.objects.get(slug="jcs").parent.slug == "mnd"


def test_a_bad_web_address_is_reported(superuser):
    data = b"slug,title,publication_date,source_url\na,A,2020,not a url\n"
    report = records_import(kind="documents", data=data, user=superuser)
    assert str(report.errors[0]) == "row 2, column 'source_url': 'not a url' is not a web address (https://...)."


def test_an_appointment_ending_before_it_starts_is_refused(superuser):
    PersonFactory(slug="kim")
    data = b"person,title,start,end\nkim,Minister,2020-05,2019\n"
    report = records_import(kind="appointments", data=data, user=superuser)
    assert (report.errors[0].row, report.errors[0].column) == (2, "end")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_on_a_terminal():
    stream = Terminal()
    bar = ProgressBar(stream, label="docs.csv")
    bar.update(10, 10)
    bar.finish()
    assert stream.getvalue().startswith("\rdocs.csv [##############################] 10/10")


def test_progress_bar_is_silent_when_not_on_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar(stream, label="docs.csv")
    bar.update(10, 10)
    bar.finish()
    assert stream.getvalue() == ""
