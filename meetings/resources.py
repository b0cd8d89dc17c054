"""Import-export resources for meeting series, meetings and participations.

Columns are documented in docs/import-export.md; an example file per kind is under
fixtures/examples/.
"""

from archive.models import PolicyTheme
from archive.transfer.cells import PartialDateWidget, SlugListWidget, SlugWidget
from archive.transfer.resources import ArchiveResource, column, publish_at_column, status_column
from people.models import Organization, Person

from .models import Meeting, MeetingSeries, Participation


class MeetingSeriesResource(ArchiveResource):
    kind = "series"
    required = ("slug", "name", "definition")

    slug = column(MeetingSeries, "slug")
    name = column(MeetingSeries, "name")
    acronym = column(MeetingSeries, "acronym")
    level = column(MeetingSeries, "level")
    definition = column(MeetingSeries, "definition")
    established = column(MeetingSeries, "established")

    class Meta:
        model = MeetingSeries
        fields = ("slug", "name", "acronym", "level", "definition", "established")
        import_id_fields = ("slug",)


class MeetingResource(ArchiveResource):
    kind = "meetings"
    required = ("slug", "title", "start")
    index_select_related = ("series",)

    slug = column(Meeting, "slug")
    title = column(Meeting, "title")
    series = column(Meeting, "series", widget=SlugWidget(MeetingSeries))
    ordinal = column(Meeting, "ordinal")
    start = column(Meeting, "start", widget=PartialDateWidget())
    end = column(Meeting, "end", widget=PartialDateWidget(required=False))
    city = column(Meeting, "city")
    country = column(Meeting, "country")
    meeting_kind = column(Meeting, "kind")
    summary = column(Meeting, "summary")
    outcomes = column(Meeting, "outcomes")
    themes = column(Meeting, "themes", widget=SlugListWidget(PolicyTheme))
    status = status_column()
    publish_at = publish_at_column()

    class Meta:
        model = Meeting
        fields = (
            "slug",
            "title",
            "series",
            "ordinal",
            "start",
            "end",
            "city",
            "country",
            "meeting_kind",
            "summary",
            "outcomes",
            "themes",
            "status",
            "publish_at",
        )
        import_id_fields = ("slug",)


class ParticipationResource(ArchiveResource):
    kind = "participations"
    required = ("meeting", "person")

    meeting = column(Participation, "meeting", widget=SlugWidget(Meeting))
    person = column(Participation, "person", widget=SlugWidget(Person))
    organization = column(Participation, "organization", widget=SlugWidget(Organization))
    role = column(Participation, "role")
    side = column(Participation, "side")
    order = column(Participation, "order")

    class Meta:
        model = Participation
        fields = ("meeting", "person", "organization", "role", "side", "order")
        import_id_fields = ("meeting", "person")
