"""factory_boy factories for every record, shared by the whole suite."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from archive.dates import Precision
from archive.models import Document, PolicyTheme, SourceFile
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from people.models import Appointment, Organization, Person, PersonName


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Ministry of Example Affairs {n}")
    acronym = factory.Sequence(lambda n: f"MEA{n}")
    slug = factory.Sequence(lambda n: f"ministry-of-example-affairs-{n}")
    country = "KR"
    kind = Organization.Kind.MINISTRY


class PolicyThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyTheme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "A policy theme."
    keywords = "deterrence"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    display_name = factory.Sequence(lambda n: f"Kim Min-jun {n}")
    slug = factory.Sequence(lambda n: f"kim-min-jun-{n}")
    family_name = "Kim"
    country = "KR"
    status = Status.PUBLISHED


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Kim Minjun {n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    title = "Minister of National Defense"
    organization = factory.SubFactory(OrganizationFactory)
    start_date = dt.date(2023, 10, 7)
    start_precision = Precision.DAY


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    name = factory.Sequence(lambda n: f"Consultative Meeting {n}")
    acronym = factory.Sequence(lambda n: f"CM{n}")
    slug = factory.Sequence(lambda n: f"consultative-meeting-{n}")
    definition = "Annual meeting of the defense ministers."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Defense ministers' meeting {n}")
    slug = factory.Sequence(lambda n: f"defense-ministers-meeting-{n}")
    start_date = dt.date(2024, 7, 28)
    start_precision = Precision.DAY
    city = "Tokyo"
    country = "JP"
    status = Status.PUBLISHED


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = "Minister of National Defense"
    side = "KR"


class SourceFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceFile
        exclude = ("content",)

    content = factory.Sequence(lambda n: f"Source text number {n}.\n".encode())
    name = factory.Sequence(lambda n: f"source-{n}.txt")
    sha256 = factory.LazyAttribute(lambda o: SourceFile.fingerprint(o.content))
    size = factory.LazyAttribute(lambda o: len(o.content))
    file = factory.LazyAttribute(
        lambda o: factory.django.FileField(data=o.content, filename=o.name).evaluate(None, None, {})
    )
    format = SourceFile.Format.GENERIC
    encoding = "utf-8"


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Defense ministers discuss the alliance, part {n}")
    slug = factory.Sequence(lambda n: f"defense-ministers-discuss-the-alliance-{n}")
    doc_type = Document.Type.PRESS_RELEASE
    publication_date = dt.date(2024, 7, 28)
    publication_precision = Precision.DAY
    body = "The ministers met.\n\nThey discussed extended deterrence."
    summary = "The ministers met."
    status = Status.PUBLISHED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)

    @factory.post_generation
    def meetings(self, create, extracted, **kwargs):
        if create and extracted:
            self.meetings.set(extracted)

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)


class RoleUserFactory(UserFactory):
    """A staff user in one editorial group: ``RoleUserFactory(role="Editors")``."""

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name=extracted))


def make_public_world(n=1, *, prefix="r"):
    """``n`` published documents, meetings and people, all linked, plus an unpublished one of each.

    The unpublished records are linked to the published ones, so a page that
    forgets ``.published()`` on any relation shows them.
    """

    theme = PolicyThemeFactory(name=f"Extended deterrence {prefix}", slug=f"extended-deterrence-{prefix}")
    series = MeetingSeriesFactory(name=f"Security Consultative Meeting {prefix}", acronym="SCM", slug=f"scm-{prefix}")
    ministry = OrganizationFactory(name=f"Ministry of National Defense {prefix}", acronym="MND", slug=f"mnd-{prefix}")
    made = {"documents": [], "meetings": [], "people": []}
    for i in range(n):
        person = PersonFactory(
            display_name=f"Shin Won-sik {prefix}{i}",
            slug=f"shin-won-sik-{prefix}{i}",
            hangul_name="신원식",
            family_name="Shin",
        )
        PersonNameFactory(person=person, name=f"Shin Wonsik {prefix}{i}")
        AppointmentFactory(person=person, organization=ministry, start_date=dt.date(2023, 10, 7))
        meeting = MeetingFactory(
            title=f"{56 + i}th Security Consultative Meeting {prefix}",
            slug=f"scm-{prefix}-{i}",
            series=series,
            ordinal=56 + i,
            start_date=dt.date(2024, 11, 13) - dt.timedelta(days=400 * i),
        )
        meeting.themes.add(theme)
        ParticipationFactory(meeting=meeting, person=person, organization=ministry, side="KR", role="")
        document = DocumentFactory(
            title=f"Joint communiqué of the {56 + i}th SCM {prefix}",
            slug=f"joint-communique-{prefix}-{i}",
            doc_type="communique",
            publisher=ministry,
            publication_date=dt.date(2024, 11, 1) - dt.timedelta(days=400 * i),
            publication_precision=Precision.MONTH,
            body="The Minister reaffirmed extended deterrence.\n\nBoth sides agreed to meet again.",
            themes=[theme],
            people=[person],
            organizations=[ministry],
            meetings=[meeting],
        )
        made["documents"].append(document)
        made["meetings"].append(meeting)
        made["people"].append(person)
    hidden_person = PersonFactory(
        display_name=f"Hidden Draftperson {prefix}", slug=f"hidden-{prefix}", status=Status.DRAFT
    )
    hidden_meeting = MeetingFactory(
        title=f"Secret draft meeting {prefix}", slug=f"secret-{prefix}", series=series, status=Status.DRAFT
    )
    ParticipationFactory(meeting=made["meetings"][0], person=hidden_person, side="US")
    hidden = DocumentFactory(
        title=f"Unreleased draft memo {prefix}",
        slug=f"unreleased-{prefix}",
        status=Status.REVIEW,
        themes=[theme],
        people=[made["people"][0], hidden_person],
        meetings=[hidden_meeting],
        doc_type="report",
        language="ko",
        publication_date=dt.date(1999, 1, 1),
    )
    made.update(
        theme=theme,
        series=series,
        ministry=ministry,
        hidden=hidden,
        hidden_person=hidden_person,
        hidden_meeting=hidden_meeting,
    )
    return made
