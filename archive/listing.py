"""The one mixin behind every public list: a FilterSet, facets and a page.

A list view names its FilterSet and its published base queryset; the page
then shows the rows of one page, the total, and facet counts computed over the
filtered result. Each part is one query, so a list answers in the same number
of queries for one record or a hundred thousand.
"""

from django.views.generic import ListView


class FilteredListView(ListView):
    filterset_class = None
    paginate_by = 20
    sort_options = [("", "Newest first"), ("date", "Oldest first"), ("title", "Title A–Z"), ("-title", "Title Z–A")]

    def base_queryset(self):
        raise NotImplementedError

    def get_facets(self, ids, data):
        return []

    def facets_for(self, query):
        return self.get_facets(self.object_list.values("pk"), query)

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.base_queryset(), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {}
        query = self.request.GET
        context["filterset"] = self.filterset
        context["facets"] = self.facets_for(query)
        context["active_filters"] = any(value not in (None, "", []) for key, value in data.items() if key != "sort")
        context["q"] = query.get("q", "")
        context["sort"] = query.get("sort", "")
        context["sort_options"] = self.sort_options
        page = context.get("page_obj")
        if page is not None:
            context["page_links"] = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
            context["ellipsis"] = page.paginator.ELLIPSIS
        return context
