from django.views.generic import DetailView, ListView

from archive.public import PublicDetailMixin

from .models import Meeting, MeetingSeries


class MeetingListView(ListView):
    template_name = "meetings/meeting_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Meeting.objects.published().select_related("series")


class MeetingDetailView(PublicDetailMixin, DetailView):
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        return Meeting.objects.published().select_related("series")


class SeriesDetailView(DetailView):
    model = MeetingSeries
    template_name = "meetings/series_detail.html"
