"""Public API for meetings and meeting series."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.models import Document
from archive.rest import (
    DocumentRefSerializer,
    LinkField,
    OrganizationRefSerializer,
    PartialDateSerializer,
    PersonRefSerializer,
    PublicViewSet,
    SeriesRefSerializer,
    ThemeRefSerializer,
    describe_filters,
    filtered_list_url,
    public_schema,
)
from archive.workflow import published_q
from people.models import Appointment

from .filters import MeetingFilter, SeriesFilter
from .models import Meeting, MeetingSeries, Participation


class HeldAppointmentSerializer(serializers.Serializer):
    title = serializers.CharField()
    organization = OrganizationRefSerializer(allow_null=True)
    start = PartialDateSerializer()
    end = PartialDateSerializer(allow_null=True)


class ParticipantSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer()
    organization = OrganizationRefSerializer(allow_null=True, help_text="The organization the person represented.")
    role = serializers.CharField(help_text="The role as the source states it at the time.")
    appointment = serializers.SerializerMethodField(
        help_text="The office the person held on the meeting's first day, from the person's appointments."
    )

    class Meta:
        model = Participation
        fields = ["person", "organization", "role", "side", "order", "appointment"]

    @extend_schema_field(HeldAppointmentSerializer(allow_null=True))
    def get_appointment(self, participation) -> dict | None:
        held = participation.person.appointment_on(participation.meeting.start_date)
        return HeldAppointmentSerializer(held, context=self.context).data if held else None


class MeetingSerializer(serializers.ModelSerializer):
    url = LinkField("api:meeting-detail")
    html_url = LinkField("meetings:meeting-detail", help_text="The record's public page.")
    series = SeriesRefSerializer(allow_null=True)
    ordinal_label = serializers.CharField(help_text='Its place in the series, as "52nd SCM".')
    start = PartialDateSerializer()
    end = PartialDateSerializer(allow_null=True)
    themes = ThemeRefSerializer(many=True, source="theme_list")
    participants = ParticipantSerializer(
        source="public_participations", many=True, help_text="Published people at the meeting, in the source's order."
    )

    class Meta:
        model = Meeting
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "series",
            "ordinal",
            "ordinal_label",
            "start",
            "end",
            "city",
            "country",
            "kind",
            "summary",
            "outcomes",
            "themes",
            "participants",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    documents = DocumentRefSerializer(
        many=True, source="public_documents", help_text="Published documents that report or refer to it."
    )

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "documents"]


@public_schema(list_serializer=MeetingSerializer, detail_serializer=MeetingDetailSerializer, kind="meeting", gone=True)
class MeetingViewSet(PublicViewSet):
    """Published meetings with their participants and the roles they held at the time."""

    serializer_class = MeetingSerializer
    detail_serializer_class = MeetingDetailSerializer
    filterset_class = describe_filters(MeetingFilter)

    def get_queryset(self):
        participations = (
            Participation.objects.filter(published_q("person__"))
            .select_related("person", "organization")
            .prefetch_related(
                Prefetch("person__appointments", queryset=Appointment.objects.select_related("organization"))
            )
            .order_by("side", "order", "pk")
        )
        queryset = (
            Meeting.objects.published()
            .select_related("series")
            .prefetch_related(
                Prefetch("themes", to_attr="theme_list"),
                Prefetch("participations", queryset=participations, to_attr="public_participations"),
            )
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("documents", queryset=Document.objects.published(), to_attr="public_documents")
            )
        return queryset


class SeriesSerializer(serializers.ModelSerializer):
    url = LinkField("api:series-detail")
    html_url = LinkField("meetings:series-detail", help_text="The record's public page.")
    meetings_url = serializers.SerializerMethodField(help_text="The API list of the series' published meetings.")

    class Meta:
        model = MeetingSeries
        fields = ["url", "html_url", "slug", "name", "acronym", "level", "definition", "established", "meetings_url"]

    def get_meetings_url(self, series) -> str:
        return filtered_list_url(self.context["request"], "api:meeting-list", series=series.slug)


@public_schema(list_serializer=SeriesSerializer, detail_serializer=SeriesSerializer, kind="meeting series")
class SeriesViewSet(PublicViewSet):
    """Recurring mechanisms (SCM, MCM, KIDD, NCG...) with their glossary definitions."""

    serializer_class = SeriesSerializer
    filterset_class = describe_filters(SeriesFilter)
    queryset = MeetingSeries.objects.all()
