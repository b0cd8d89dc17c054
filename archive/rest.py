"""What every public API endpoint shares: read-only viewsets, errors, paging, throttling.

The app modules (``archive/api.py``, ``meetings/api.py``, ``people/api.py``)
build their viewsets on :class:`PublicViewSet`; ``config/api.py`` routes them.
Querysets of publishable records start from ``.published()``; a withdrawn
record answers 410 at its old address, any other unpublished one 404, and the
API never previews drafts, even to staff (it has no sessions at all). A record
withdrawn before its scheduled time never was public and answers 404.
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django_filters import filters as filter_types
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.reverse import reverse
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler

from .cache import page_cache, public_version
from .dates import Precision
from .public import RecordWithdrawn, refuse_unpublished

# Serializers


class PartialDateSerializer(serializers.Serializer):
    """A date known to a day, a month or a year."""

    date = serializers.RegexField(
        r"^\d{4}(-\d{2}(-\d{2})?)?$", help_text='The shortest ISO 8601 form: "2020", "2020-10" or "2020-10-14".'
    )
    precision = serializers.ChoiceField(choices=Precision.choices, help_text="How much of the date is known.")
    display = serializers.CharField(help_text='The date as readers see it: "14 October 2020", "October 2020", "2020".')

    def to_representation(self, value):
        return {"date": value.isoformat(), "precision": value.precision, "display": str(value)}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For invalid query parameters: the messages for each parameter, by name.",
    )


class GoneSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="That the record was withdrawn.")
    withdrawn_at = serializers.DateTimeField(allow_null=True, help_text="When it was withdrawn.")
    reason = serializers.CharField(allow_blank=True, help_text="Why it was withdrawn.")


# Errors


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This record was withdrawn."
    default_code = "gone"

    def __init__(self, record):
        kind = record._meta.verbose_name
        super().__init__(f"This {kind} was withdrawn from the archive.")
        self.record = record


def api_exception_handler(exc, context):
    """DRF's handler, with one JSON shape: a ``detail`` sentence, plus ``errors`` by parameter for a 400."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        errors = {name: [str(message) for message in messages] for name, messages in errors.items()}
        summary = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        response.data = {"detail": f"Invalid query parameter. {summary}", "errors": errors}
    elif isinstance(exc, Gone):
        response.data = {
            "detail": str(exc.detail),
            "withdrawn_at": serializers.DateTimeField().to_representation(exc.record.withdrawn_at)
            if exc.record.withdrawn_at
            else None,
            "reason": exc.record.withdrawal_reason,
        }
    return response


# Paging and throttling


class ArchiveCursorPagination(CursorPagination):
    """Cursor paging: deep pages cost the same as the first, and no count is taken.

    The order follows the FilterSet's ``sort`` parameter (already validated by
    the filter backend), with the primary key as the final tie-breaker.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = "The page cursor is not valid: follow the next and previous links as the API gives them."

    def get_ordering(self, request, queryset, view):
        ordering = []
        sort_filter = getattr(view, "filterset_class", None) and view.filterset_class.base_filters.get("sort")
        if sort_filter is not None:
            for value in request.query_params.get("sort", "").split(","):
                name = value.strip().lstrip("-")
                if name in sort_filter.param_map:
                    ordering.append(("-" if value.strip().startswith("-") else "") + sort_filter.param_map[name])
        if not ordering:
            ordering = list(queryset.model._meta.ordering)
        return (*ordering, "pk")

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            # A cursor that decodes but holds a position of the wrong kind.
            raise exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None


class PublicAnonThrottle(AnonRateThrottle):
    """Per-address rate limit for the public API, from ``settings.API_ANON_THROTTLE_RATE``."""

    def get_rate(self):
        return settings.API_ANON_THROTTLE_RATE or None


# Schema

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def describe_filters(filterset_class):
    """Tell the OpenAPI schema exactly what the FilterSet's parameters accept.

    Filters by related records take slugs; the year takes a whole number.
    drf-spectacular cannot infer either from the FilterSet alone.
    """
    for name, flt in filterset_class.base_filters.items():
        if isinstance(flt, filter_types.ModelChoiceFilter | filter_types.ModelMultipleChoiceFilter):
            description = f"{flt.label or name}, given by its slug"
            if isinstance(flt, filter_types.ModelMultipleChoiceFilter):
                description += "; repeat the parameter to match any of several"
            schema = {"type": "string", "pattern": SLUG_PATTERN, "description": f"{description}."}
            extend_schema_field(schema)(flt)
        elif isinstance(flt, filter_types.NumberFilter) and flt.lookup_expr == "year":
            schema = {"type": "integer", "minimum": 1, "maximum": 9999, "description": f"{flt.label or name}."}
            extend_schema_field(schema)(flt)
    return filterset_class


# Viewsets

ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="An invalid query parameter or page cursor."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests from this address; see Retry-After."),
}


def public_schema(*, list_serializer, detail_serializer, kind, gone=False):
    """OpenAPI descriptions of a public list and detail, with every error response they can give."""
    detail_errors = {404: OpenApiResponse(ErrorSerializer, description=f"No published {kind} at this address.")}
    if gone:
        detail_errors[410] = OpenApiResponse(GoneSerializer, description=f"The {kind} was withdrawn.")
    detail_errors[429] = ERROR_RESPONSES[429]
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {kind} records",
            responses={200: list_serializer, **ERROR_RESPONSES},
        ),
        retrieve=extend_schema(
            summary=f"One {kind} by its slug",
            responses={200: detail_serializer, **detail_errors},
        ),
    )


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, anonymous, JSON-only, filtered through the app's FilterSet."""

    lookup_field = "slug"
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle]
    renderer_classes = [JSONRenderer]
    pagination_class = ArchiveCursorPagination
    filter_backends = [DjangoFilterBackend]
    detail_serializer_class = None

    def get_exception_handler(self):
        return api_exception_handler

    def list(self, request, *args, **kwargs):
        return self.cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(super().retrieve, request, *args, **kwargs)

    def cached(self, action, request, *args, **kwargs):
        """Answer from the public cache (archive/cache.py) while no record has changed.

        The key holds the public version, which every save, withdrawal and due
        scheduled publication replaces, so a cached answer never outlives the
        records it shows. Throttling has already run: cache hits count too.
        """
        if not settings.ARCHIVE_PAGE_CACHE:
            return action(request, *args, **kwargs)
        raw = f"{request.get_host()}|{request.get_full_path()}".encode()
        key = f"api:{public_version()}:{hashlib.md5(raw, usedforsecurity=False).hexdigest()}"
        content = page_cache().get(key)
        if content is not None:
            response = HttpResponse(content, content_type="application/json")
            response["X-API-Cache"] = "hit"
            return response
        response = action(request, *args, **kwargs)
        content = JSONRenderer().render(response.data)
        page_cache().set(key, content)
        return HttpResponse(content, content_type="application/json", status=response.status_code)

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            model = self.get_queryset().model
            record = None
            if hasattr(model, "publish_at"):
                record = model._default_manager.filter(slug=self.kwargs[self.lookup_field]).first()
        try:
            refuse_unpublished(record, f"published {model._meta.verbose_name}")  # the public pages' own rule
        except RecordWithdrawn:
            raise Gone(record) from None
        except Http404 as missing:
            raise exceptions.NotFound(str(missing)) from None


class LinkField(serializers.HyperlinkedIdentityField):
    """The absolute URL of a record's API detail or public page, by its slug.

    Reversing the URL pattern once per request and per view, rather than once
    per record, keeps a list of records with their links cheap.
    """

    def __init__(self, view_name, **kwargs):
        super().__init__(view_name=view_name, lookup_field="slug", **kwargs)

    def get_url(self, obj, view_name, request, format):
        templates = self.context.setdefault("link_templates", {})
        template = templates.get(view_name)
        if template is None:
            template = templates[view_name] = reverse(view_name, kwargs={"slug": "__slug__"}, request=request)
        return template.replace("__slug__", obj.slug)


# References to related records: a slug, a name and the API address.


class ThemeRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = LinkField("api:theme-detail")


class OrganizationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    url = LinkField("api:organization-detail")


class PersonRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(source="display_name")
    url = LinkField("api:person-detail")


class SeriesRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    url = LinkField("api:series-detail")


class MeetingRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    start = PartialDateSerializer()
    url = LinkField("api:meeting-detail")


class DocumentRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    publication = PartialDateSerializer()
    url = LinkField("api:document-detail")


def filtered_list_url(request, view_name, **params):
    """The API address of a list narrowed by FilterSet parameters."""
    return f"{reverse(view_name, request=request)}?{urlencode(params)}"
