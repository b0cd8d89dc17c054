"""Public API for people and organizations."""

from django.db.models import Prefetch
from rest_framework import serializers

from archive.rest import (
    LinkField,
    MeetingRefSerializer,
    OrganizationRefSerializer,
    PartialDateSerializer,
    PublicViewSet,
    describe_filters,
    filtered_list_url,
    public_schema,
)
from archive.workflow import published_q
from meetings.models import Participation

from .filters import OrganizationFilter, PersonFilter
from .models import Appointment, Organization, Person, PersonName


class NameVariantSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonName
        fields = ["name", "script", "is_preferred"]


class AppointmentSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(allow_null=True)
    start = PartialDateSerializer()
    end = PartialDateSerializer(allow_null=True, help_text="Empty while the person holds the office.")

    class Meta:
        model = Appointment
        fields = ["title", "organization", "start", "end"]


class AttendanceSerializer(serializers.ModelSerializer):
    meeting = MeetingRefSerializer()
    organization = OrganizationRefSerializer(allow_null=True)
    role = serializers.CharField(help_text="The role as the source states it at the time.")

    class Meta:
        model = Participation
        fields = ["meeting", "organization", "role", "side"]


class PersonSerializer(serializers.ModelSerializer):
    url = LinkField("api:person-detail")
    html_url = LinkField("people:person-detail", help_text="The record's public page.")
    names = NameVariantSerializer(many=True, source="name_list", help_text="Every form of the name seen in sources.")
    appointments = AppointmentSerializer(many=True, help_text="Offices held, latest first.")

    class Meta:
        model = Person
        fields = [
            "url",
            "html_url",
            "slug",
            "display_name",
            "hangul_name",
            "family_name",
            "given_name",
            "country",
            "biography",
            "names",
            "appointments",
        ]


class PersonDetailSerializer(PersonSerializer):
    meetings = AttendanceSerializer(
        source="public_participations", many=True, help_text="Published meetings attended, latest first."
    )
    documents_url = serializers.SerializerMethodField(help_text="The API list of published documents naming them.")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "meetings", "documents_url"]

    def get_documents_url(self, person) -> str:
        return filtered_list_url(self.context["request"], "api:document-list", person=person.slug)


@public_schema(list_serializer=PersonSerializer, detail_serializer=PersonDetailSerializer, kind="person", gone=True)
class PersonViewSet(PublicViewSet):
    """Published people with every variant of their name and the offices they held."""

    serializer_class = PersonSerializer
    detail_serializer_class = PersonDetailSerializer
    filterset_class = describe_filters(PersonFilter)

    def get_queryset(self):
        queryset = Person.objects.published().prefetch_related(
            Prefetch("names", to_attr="name_list"),
            Prefetch("appointments", queryset=Appointment.objects.select_related("organization")),
        )
        if self.action == "retrieve":
            attended = (
                Participation.objects.filter(published_q("meeting__"))
                .select_related("meeting", "organization")
                .order_by("-meeting__start_date", "pk")
            )
            queryset = queryset.prefetch_related(
                Prefetch("participations", queryset=attended, to_attr="public_participations")
            )
        return queryset


class OrganizationSerializer(serializers.ModelSerializer):
    url = LinkField("api:organization-detail")
    html_url = LinkField("people:organization-detail", help_text="The record's public page.")
    parent = OrganizationRefSerializer(allow_null=True)
    documents_url = serializers.SerializerMethodField(help_text="The API list of published documents naming it.")

    class Meta:
        model = Organization
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "acronym",
            "country",
            "kind",
            "parent",
            "description",
            "documents_url",
        ]

    def get_documents_url(self, organization) -> str:
        return filtered_list_url(self.context["request"], "api:document-list", organization=organization.slug)


@public_schema(list_serializer=OrganizationSerializer, detail_serializer=OrganizationSerializer, kind="organization")
class OrganizationViewSet(PublicViewSet):
    """Ministries, commands, legislatures and other bodies."""

    serializer_class = OrganizationSerializer
    filterset_class = describe_filters(OrganizationFilter)

    def get_queryset(self):
        return Organization.objects.select_related("parent")
