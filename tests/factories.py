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
