"""The import's building blocks: ``Column`` (one file column and how its cells are cleaned) and the plan's helpers."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import URLField

from .cells import PartialDateWidget, SlugListWidget, SlugWidget, TextWidget, split_slugs

CHUNK = 900  # parameters per IN (...) query: safe on every SQLite build
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
_URL = URLValidator()


class Column:
    """One resource field seen as a file column: how to clean it and where it goes."""

    def __init__(self, model, resource_field):
        self.name = resource_field.column_name
        self.attribute = resource_field.attribute
        self.widget = widget = resource_field.widget
        self.model_field = None
        self.max_length = None
        self.is_slug = self.is_url = False
        if isinstance(widget, SlugListWidget):
            self.kind = "m2m"
            self.model_field = model._meta.get_field(self.attribute)
            self.target = widget.model
            self.lookup = widget.field
            through = self.model_field.remote_field.through
            self.through = through
            self.source_attname = through._meta.get_field(self.model_field.m2m_field_name()).attname
            self.target_attname = through._meta.get_field(self.model_field.m2m_reverse_field_name()).attname
        elif isinstance(widget, SlugWidget):
            self.kind = "fk"
            self.model_field = model._meta.get_field(self.attribute)
            self.attname = self.model_field.attname
            self.target = widget.model
            self.lookup = widget.field
        elif isinstance(widget, PartialDateWidget):
            self.kind = "date"
            descriptor = getattr(model, self.attribute)
            self.attname = descriptor.date_field
            self.precision_attname = descriptor.precision_field
        else:
            self.kind = "scalar"
            self.model_field = model._meta.get_field(self.attribute)
            self.attname = self.model_field.attname
            self.max_length = getattr(self.model_field, "max_length", None)
            self.is_slug = self.model_field.get_internal_type() == "SlugField"
            self.is_url = isinstance(self.model_field, URLField)
        self.self_reference = self.kind in ("fk", "m2m") and self.target is model
        self.plain_text = self.kind == "scalar" and type(widget) is TextWidget and not (self.is_slug or self.is_url)

    def clean(self, text):
        if "\x00" in text:
            raise ValueError("contains a NUL character (\\x00), which no database column can store.")
        if self.plain_text:
            if self.max_length and len(text) > self.max_length:
                raise ValueError(f"is {len(text)} characters long; at most {self.max_length} are allowed.")
            return text
        if self.kind == "fk":
            return text.strip() or None
        if self.kind == "m2m":
            return list(dict.fromkeys(split_slugs(text)))
        value = self.widget.clean(text)
        if isinstance(value, str):
            if self.is_slug:
                value = value.strip()
                if value and not _SLUG.match(value):
                    raise ValueError(f"{value!r} is not a slug (letters, digits, hyphens and underscores only).")
            if self.max_length and len(value) > self.max_length:
                raise ValueError(f"is {len(value)} characters long; at most {self.max_length} are allowed.")
            if self.is_url and value:
                try:
                    _URL(value)
                except ValidationError:
                    raise ValueError(f"{value!r} is not a web address (https://...).") from None
        return value


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _key_text(key):
    return " | ".join(str(part) for part in key) if key else ""


def _instance_factory(model):
    """A fast ``model()``: a copy of one default instance's attributes (defaults are not mutated)."""
    from django.db.models.base import ModelState

    template = {name: value for name, value in model().__dict__.items() if name != "_state"}
    new = model.__new__

    def make():
        instance = new(model)
        instance.__dict__.update(template)
        instance._state = ModelState()
        return instance

    return make


def get_resource_for(model):
    from .resources import resource_for_model

    _kind, resource_class = resource_for_model(model)
    return resource_class()
