"""Import-export resources for people, their names and appointments, and organizations.

Columns are documented in docs/import-export.md; an example file per kind is under
fixtures/examples/.
"""

from archive.transfer.cells import PartialDateWidget, SlugWidget
from archive.transfer.resources import ArchiveResource, column, publish_at_column, status_column

from .models import Appointment, Organization, Person, PersonName
from .names import name_key, script_of


class OrganizationResource(ArchiveResource):
    kind = "organizations"
    required = ("slug", "name")

    slug = column(Organization, "slug")
    name = column(Organization, "name")
    acronym = column(Organization, "acronym")
    country = column(Organization, "country")
    org_kind = column(Organization, "kind")
    parent = column(Organization, "parent", widget=SlugWidget(Organization))
    description = column(Organization, "description")

    class Meta:
        model = Organization
        fields = ("slug", "name", "acronym", "country", "org_kind", "parent", "description")
        import_id_fields = ("slug",)


class PersonResource(ArchiveResource):
    kind = "people"
    required = ("slug", "display_name")
    index_prefetch_related = ("names",)

    slug = column(Person, "slug")
    display_name = column(Person, "display_name")
    hangul_name = column(Person, "hangul_name")
    family_name = column(Person, "family_name")
    given_name = column(Person, "given_name")
    country = column(Person, "country")
    biography = column(Person, "biography")
    status = status_column()
    publish_at = publish_at_column()

    class Meta:
        model = Person
        fields = (
            "slug",
            "display_name",
            "hangul_name",
            "family_name",
            "given_name",
            "country",
            "biography",
            "status",
            "publish_at",
        )
        import_id_fields = ("slug",)

    def prepare(self, instance):
        if not instance.family_name and instance.display_name:
            parts = instance.display_name.split()
            instance.family_name = parts[0] if instance.country == "KR" else parts[-1]


class PersonNameResource(ArchiveResource):
    kind = "person-names"
    required = ("person", "name")

    person = column(PersonName, "person", widget=SlugWidget(Person))
    name = column(PersonName, "name")
    script = column(PersonName, "script")
    is_preferred = column(PersonName, "preferred", attribute="is_preferred")
    note = column(PersonName, "note")

    class Meta:
        model = PersonName
        fields = ("person", "name", "script", "is_preferred", "note")
        import_id_fields = ("person", "name")

    def prepare(self, instance):
        instance.key = name_key(instance.name)
        if not instance.script:
            instance.script = script_of(instance.name)

    def reindex_related(self, instances):
        return [(Person, {instance.person_id for instance in instances})]


class AppointmentResource(ArchiveResource):
    kind = "appointments"
    required = ("person", "title", "start")

    person = column(Appointment, "person", widget=SlugWidget(Person))
    title = column(Appointment, "title")
    start = column(Appointment, "start", widget=PartialDateWidget())
    end = column(Appointment, "end", widget=PartialDateWidget(required=False))
    organization = column(Appointment, "organization", widget=SlugWidget(Organization))

    class Meta:
        model = Appointment
        fields = ("person", "title", "start", "end", "organization")
        import_id_fields = ("person", "title", "start")
