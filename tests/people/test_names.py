import pytest

from people.models import Person
from people.names import guess_family_name, name_key, script_of
from tests.factories import PersonFactory, PersonNameFactory


@pytest.mark.parametrize(
    "variant", ["Shin Won-sik", "Shin Wonsik", "Shin Won Sik", "SHIN Won-Sik", "shin  won‐sik", "Minister Shin Won Sik"]
)
def test_romanized_variants_share_one_key(variant):
    assert name_key(variant) == "shinwonsik"


def test_suffixes_are_kept():
    assert name_key("Lloyd J. Austin III") != name_key("Lloyd J. Austin")
    assert name_key("Secretary of Defense") != ""


@pytest.mark.parametrize(("name", "script"), [("신원식", "hangul"), ("Shin Won-sik", "latin"), ("申源湜", "hanja")])
def test_script_is_detected(name, script):
    assert script_of(name) == script


@pytest.mark.django_db
def test_matching_name_finds_person_by_any_variant():
    person = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik")
    for variant in ("Shin Won-sik", "Shin Wonsik", "신원식"):
        PersonNameFactory(person=person, name=variant, is_preferred=variant == "Shin Won-sik")
    assert list(Person.objects.matching_name("Shin Won Sik")) == [person]
    assert list(Person.objects.matching_name("신원식")) == [person]
    assert list(Person.objects.matching_name("Shin Won-chul")) == []


@pytest.mark.parametrize(
    ("display", "country", "family"),
    [("Shin Won-sik", "KR", "Shin"), ("Lloyd J. Austin III", "US", "Austin"), ("Martin Luther King Jr.", "US", "King")],
)
def test_family_name_is_guessed_from_display_name(display, country, family):
    assert guess_family_name(display, country) == family
