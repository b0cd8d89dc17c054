from django.db.models import Prefetch, Q
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from archive import facets
from archive.listing import FilteredListView
from archive.models import Document
from archive.public import PublicDetailMixin
from archive.views import public_people
from archive.workflow import published_q

from .filters import MeetingFilter
from .models import Meeting, MeetingSeries, Participation
from .timeline import build_timeline


class MeetingListView(FilteredListView):
    filterset_class = MeetingFilter
    template_name = "meetings/meeting_list.html"
    extra_context = {"nav": "meetings"}

    def base_queryset(self):
        return Meeting.objects.published().select_related("series")

    def get_facets(self, ids, data):
        from archive.countries import Country

        return [
            facets.related_facet(
                ids,
                "series",
                "Series",
                Meeting,
                "pk",
                "series",
                data,
                label_field="name",
                top=20,
            ),
            facets.year_facet(ids, "year", "Year", "start_date", data, model=Meeting),
            facets.choice_facet(ids, "country", "Country", "country", Country.choices, data, model=Meeting),
            facets.choice_facet(ids, "kind", "Kind", "kind", Meeting.Kind.choices, data, model=Meeting),
            facets.related_facet(
                ids, "theme", "Theme", Meeting.themes.through, "meeting", "policytheme", data, label_field="name"
            ),
        ]


class TimelineView(TemplateView):
    template_name = "meetings/timeline.html"
    extra_context = {"nav": "timeline"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        timeline = build_timeline(Meeting.objects.published())
        context["timeline"] = timeline
        context["table"] = [
            {"year": year, "counts": [row.counts.get(year, 0) for row in timeline.rows]}
            for year in reversed(timeline.years)
            if any(row.counts.get(year) for row in timeline.rows)
        ]
        return context


class MeetingDetailView(PublicDetailMixin, DetailView):
    template_name = "meetings/meeting_detail.html"
    extra_context = {"nav": "meetings"}

    def get_queryset(self):
        participations = (
            Participation.objects.filter(published_q("person__"))
            .select_related("organization")
            .prefetch_related(Prefetch("person", queryset=public_people()))
            .order_by("side", "order", "pk")
        )
        return (
            Meeting.objects.published()
            .select_related("series")
            .prefetch_related(
                "themes",
                Prefetch("participations", queryset=participations),
                Prefetch(
                    "documents",
                    queryset=Document.objects.published().select_related("publisher").order_by("publication_date"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        sides = {}
        for participation in meeting.participations.all():
            appointment = participation.person.appointment_on(meeting.start_date)
            role = participation.role or (appointment.title if appointment else "")
            sides.setdefault(participation.get_side_display() or "Other participants", []).append(
                (participation, role, appointment)
            )
        context["sides"] = list(sides.items())
        context["outcomes"] = [part.strip() for part in meeting.outcomes.split("\n\n") if part.strip()]
        neighbours = Meeting.objects.published().filter(series=meeting.series_id) if meeting.series_id else None
        # In (date, pk) order, so meetings of the same date (one known only to the year) follow each other.
        day = meeting.start_date
        earlier = Q(start_date__lt=day) | Q(start_date=day, pk__lt=meeting.pk)
        later = Q(start_date__gt=day) | Q(start_date=day, pk__gt=meeting.pk)
        context["previous_meeting"] = (
            neighbours.filter(earlier).order_by("-start_date", "-pk").first() if neighbours else None
        )
        context["next_meeting"] = neighbours.filter(later).order_by("start_date", "pk").first() if neighbours else None
        return context


class SeriesDetailView(DetailView):
    template_name = "meetings/series_detail.html"

    def get_queryset(self):
        return MeetingSeries.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = Meeting.objects.published().filter(series=self.object)
        context["meetings"] = meetings.order_by("-start_date", "-ordinal")[:500]
        context["meeting_count"] = meetings.count()
        context["meetings_url"] = f"{reverse('meetings:meeting-list')}?series={self.object.slug}"
        return context


class SeriesListView(TemplateView):
    template_name = "meetings/series_list.html"

    def get_context_data(self, **kwargs):
        from django.db.models import Count

        context = super().get_context_data(**kwargs)
        context["series_list"] = MeetingSeries.objects.annotate(
            meeting_count=Count("meetings", filter=published_q("meetings__"))
        )
        return context
