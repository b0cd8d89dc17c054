import pytest

from archive.ingest.people import PersonMention
from archive.ingest.reconcile import display_name, match_person
from archive.ingest.reference import load_reference
from tests.factories import MeetingSeriesFactory, OrganizationFactory, PersonFactory, PersonNameFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shin():
    person = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", country="KR")
    PersonNameFactory(person=person, name="Shin Won-sik", is_preferred=True)
    return person


def mention(name, **kwargs):
    return PersonMention(name=name, as_written=name, **kwargs)


@pytest.mark.parametrize("variant", ["Shin Wonsik", "Shin Won Sik", "Shin Won-sik", "SHIN Won-sik", "shin wonsik"])
def test_romanized_korean_variants_match_regardless_of_spacing_hyphens_and_case(shin, variant):
    match = match_person(mention(variant), load_reference())
    assert (match.action, match.entry.slug) == ("link", "shin-won-sik")


def test_display_name_without_a_variant_row_is_matched():
    PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii", country="US")
    assert match_person(mention("Lloyd J. Austin III"), load_reference()).action == "link"


def test_suffix_is_kept_so_a_different_generation_does_not_match():
    PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii", country="US")
    match = match_person(mention("Lloyd J. Austin"), load_reference())
    assert match.action == "propose"


@pytest.mark.parametrize("written", ["Lloyd Austin", "Lloyd J Austin", "LLOYD AUSTIN", "Lloyd Austin Jr."])
def test_the_same_name_without_a_middle_initial_or_suffix_is_proposed_not_created(written):
    PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii", country="US")
    match = match_person(mention(written), load_reference())
    assert (match.action, match.entry) == ("propose", None)
    assert [entry.slug for entry, _score, _reason in match.proposals] == ["lloyd-j-austin-iii"]


@pytest.mark.parametrize(
    "recorded, written",
    [("Joe Biden", "Joseph R. Biden, Jr."), ("Antony J. Blinken", "Tony Blinken"), ("Pete Hegseth", "Peter Hegseth")],
)
def test_a_short_given_name_is_proposed_as_the_same_person_not_created(recorded, written):
    person = PersonFactory(display_name=recorded, country="US")
    match = match_person(mention(written), load_reference())
    assert (match.action, [entry.pk for entry, _score, _reason in match.proposals]) == ("propose", [person.pk])


def test_another_given_name_with_the_same_surname_is_not_proposed_as_the_same_name():
    PersonFactory(display_name="Joe Biden", country="US")
    assert match_person(mention("Hunter Biden"), load_reference()).action == "create"


def test_an_initial_and_a_surname_alone_are_not_proposed_as_the_same_name():
    PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii", country="US")
    assert match_person(mention("J. Austin"), load_reference()).action == "create"


def test_close_spelling_is_proposed_not_linked(shin):
    match = match_person(mention("Shin Wonsick"), load_reference())
    assert match.action == "propose"
    assert match.entry is None
    assert [(entry.slug, reason) for entry, _score, reason in match.proposals] == [("shin-won-sik", "similar spelling")]


def test_surname_alone_is_proposed_not_linked(shin):
    match = match_person(mention("Shin", surname_only=True, country="KR"), load_reference())
    assert match.action == "propose"
    assert [entry.slug for entry, _s, _r in match.proposals] == ["shin-won-sik"]


def test_surname_alone_of_someone_from_another_country_is_not_proposed(shin):
    match = match_person(mention("Shin", surname_only=True, country="US"), load_reference())
    assert match.proposals == []


def test_unknown_full_name_is_to_be_created():
    assert match_person(mention("Laphonza Butler"), load_reference()).action == "create"


def test_new_korean_name_is_printed_with_a_hyphenated_given_name():
    assert display_name("Shin Won Sik", "KR") == "Shin Won-sik"
    assert display_name("Dan Sullivan", "US") == "Dan Sullivan"


def test_database_organization_is_matched_by_acronym_and_takes_the_builtin_aliases():
    org = OrganizationFactory(name="Ministry of National Defense", acronym="MND", slug="mnd")
    reference = load_reference()
    entry = reference.organization_for("Defense Ministry")
    assert (entry.key, entry.pk) == ("mnd", org.pk)


def test_two_database_organizations_sharing_an_acronym_are_each_their_own_builtin():
    rok = OrganizationFactory(name="Joint Chiefs of Staff (Republic of Korea)", acronym="JCS", slug="rok-jcs")
    us = OrganizationFactory(name="Joint Chiefs of Staff (United States)", acronym="JCS", slug="us-jcs")
    reference = load_reference()
    assert (reference.organizations["rok_jcs"].pk, reference.organizations["us_jcs"].pk) == (rok.pk, us.pk)
    assert reference.organization_for("합참").pk == rok.pk


def test_database_organization_unknown_to_the_builtin_table_is_recognised():
    OrganizationFactory(name="Korea Institute for Defense Analyses", acronym="KIDA", slug="kida")
    reference = load_reference()
    assert reference.organization_regex().search("a KIDA study").group() == "KIDA"


def test_database_series_is_recognised_by_its_acronym():
    MeetingSeriesFactory(name="Korea-U.S. Deterrence Dialogue", acronym="KUDD", slug="kudd")
    reference = load_reference()
    match = reference.series_regex().search("at the 3rd KUDD in Seoul")
    assert reference.series_for_match(match).name == "Korea-U.S. Deterrence Dialogue"


def test_korean_name_written_family_name_last_is_proposed(shin):
    match = match_person(mention("Won-sik Shin"), load_reference())
    assert match.action == "propose"
    assert [(entry.slug, reason) for entry, _score, reason in match.proposals] == [
        ("shin-won-sik", "family name written last")
    ]


def test_theme_keyword_is_found_before_a_korean_particle():
    from archive.ingest.extract import extract_themes
    from tests.factories import PolicyThemeFactory

    PolicyThemeFactory(slug="extended-deterrence", keywords="확장억제\nextended deterrence")
    assert [slug for slug, _s in extract_themes("양 장관은 확장억제를 논의했다", load_reference())] == [
        "extended-deterrence"
    ]


def test_a_foreign_surname_in_hangul_links_the_person_it_is_recorded_for(shin):
    austin = PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii", country="US")
    PersonNameFactory(person=austin, name="오스틴")
    PersonNameFactory(person=shin, name="신원식")
    reference = load_reference()
    known = match_person(mention("오스틴", country="US", surname_only=True), reference)
    assert (known.action, known.entry.slug) == ("link", "lloyd-j-austin-iii")
    # a Korean minister whose country the text misleads ("한·미 신원식") is still linked
    minister = match_person(mention("신원식", country="US", surname_only=True), reference)
    assert (minister.action, minister.entry.slug) == ("link", "shin-won-sik")
    unknown = match_person(mention("바이든", country="US", surname_only=True), reference)
    assert (unknown.action, unknown.proposals) == ("propose", [])
    latin = match_person(mention("Shin", country="KR", surname_only=True), reference)
    assert latin.action == "propose"  # a Latin surname alone stays a proposal
