"""The base of every kind's resource, and the registry of kinds.

A resource is a django-import-export ``ModelResource`` whose declared fields
are the file's columns, in order. ``records_import`` and ``records_export``
read those declarations (column name, attribute, widget) and do the work in
bulk; django-import-export's own ``import_data``/``export`` also work with
them (the benchmark's peer uses that path).
"""

import datetime as dt

from django.db.models import Q
from django.utils.module_loading import import_string
from import_export import fields, resources

from archive.workflow import Publishable, Status, published_q

from .cells import ChoiceWidget, TextWidget

# Kind name -> resource path, in the order a full export/import must run
# (a kind only links to kinds above it, or to itself).
KINDS = {
    "organizations": "people.resources.OrganizationResource",
    "themes": "archive.resources.PolicyThemeResource",
    "series": "meetings.resources.MeetingSeriesResource",
    "people": "people.resources.PersonResource",
    "person-names": "people.resources.PersonNameResource",
    "appointments": "people.resources.AppointmentResource",
    "meetings": "meetings.resources.MeetingResource",
    "participations": "meetings.resources.ParticipationResource",
    "documents": "archive.resources.DocumentResource",
}


def get_resource_class(kind):
    try:
        return import_string(KINDS[kind])
    except KeyError:
        raise ValueError(f"Unknown kind {kind!r}; choose one of: {', '.join(KINDS)}.") from None


def resource_for_model(model):
    for kind in KINDS:
        resource_class = get_resource_class(kind)
        if resource_class._meta.model is model:
            return kind, resource_class
    return None, None


class DateTimeWidget(TextWidget):
    """An ISO 8601 moment ("2024-07-28T09:00:00+00:00"); empty for none."""

    def clean(self, value, row=None, **kwargs):
        value = ("" if value is None else str(value)).strip()
        if not value:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time (YYYY-MM-DDTHH:MM:SS+00:00).") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment

    def render(self, value, obj=None, **kwargs):
        return value.astimezone(dt.UTC).isoformat() if value else ""


def status_column():
    """The workflow status of documents, meetings and people (honoured only for publishers)."""
    return fields.Field(
        # An empty cell is None: a new record is then a draft, and an existing one is not asked to change
        # (django-import-export's own path keeps the model's value: ``saves_null_values=False``).
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(Status.values, blank_is_none=True),
        saves_null_values=False,
    )


def publish_at_column():
    return fields.Field(attribute="publish_at", column_name="publish_at", widget=DateTimeWidget())


class ArchiveResource(resources.ModelResource):
    """A kind of record as a table.

    ``required`` names the columns a file must have and fill in. Subclasses may
    override :meth:`prepare` (the derived fields ``save()`` would set) and
    :meth:`public_queryset` (the rows the public download offers).
    """

    kind = ""
    required = ()
    #: relations the search index reads; loaded before indexing
    index_select_related = ()
    index_prefetch_related = ()

    @classmethod
    def key_columns(cls):
        return tuple(cls._meta.import_id_fields)

    def prepare(self, instance):
        """Set what ``Model.save()`` would derive, before a bulk write."""

    def reindex_related(self, instances):
        """(model, primary keys) of other records whose search entries read these rows."""
        return []

    def export_queryset(self):
        return self._meta.model._default_manager.all()

    def public_queryset(self):
        """The rows the public may download: the published ones, and only those whose records are public.

        A workflow record must be published itself; a row that belongs to workflow records (a
        participation to its meeting and person, a name to its person) needs each of them published.
        """
        model = self._meta.model
        rows = model._default_manager.all()
        if issubclass(model, Publishable):
            rows = rows.published()
        for field in model._meta.concrete_fields:
            if field.many_to_one and issubclass(field.related_model, Publishable):
                public = published_q(f"{field.name}__")
                rows = rows.filter(Q(**{f"{field.name}__isnull": True}) | public if field.null else public)
        return rows


def column(model, name, *, attribute=None, widget=None):
    """A column named ``name`` for model field ``attribute`` (default: the same name).

    The widget follows the field: its choices, a whole number, or text.
    """
    from django.db import models as db_models

    from .cells import FlagWidget, OptionalIntegerWidget

    attribute = attribute or name
    if widget is None:
        model_field = model._meta.get_field(attribute)
        if model_field.choices:
            values = [value for value, _label in model_field.flatchoices]
            if model_field.blank:
                values.append("")
            default = model_field.default if model_field.has_default() else None
            widget = ChoiceWidget(values, default=default)
        elif isinstance(model_field, db_models.BooleanField):
            widget = FlagWidget()
        elif isinstance(model_field, db_models.IntegerField):
            empty = None if model_field.null or not model_field.has_default() else model_field.default
            widget = OptionalIntegerWidget(empty=empty)
        else:
            widget = TextWidget()
    return fields.Field(attribute=attribute, column_name=name, widget=widget)
