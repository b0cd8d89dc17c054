"""Reading the fixture files: JSON records keyed by slug, checked field by field.

Every problem is reported as a :class:`SampleDataError` naming the file, the
record and the field, so an editor can find the line to fix.
"""

import json

from django.core.files.storage import FileSystemStorage

from archive.dates import PartialDate


class SampleDataError(ValueError):
    """A fixture file holds something the loader cannot use."""

    def __init__(self, path, key=None, field=None, message=""):
        self.path, self.key, self.field = path, key, field
        where = path
        if key is not None:
            where += f", record {key!r}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


class FixtureReader:
    """Reads the fixture directory through Django's storage API."""

    def __init__(self, location):
        self.storage = FileSystemStorage(location=str(location))

    def read_bytes(self, path, *, key=None, field=None, referrer=None):
        if not self.storage.exists(path):
            raise SampleDataError(referrer or path, key, field, f"the file {path!r} does not exist.")
        with self.storage.open(path, "rb") as handle:
            return handle.read()

    def read_text(self, path, **kwargs):
        data = self.read_bytes(path, **kwargs)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SampleDataError(path, message=f"not UTF-8 text ({error}).") from None

    def records(self, path, *, required, optional=()):
        """The records of a JSON file as ``{key: Record}``, checking their fields."""
        text = self.read_text(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise SampleDataError(path, message=f"not valid JSON: {error.msg} at line {error.lineno}.") from None
        if not isinstance(data, dict):
            raise SampleDataError(path, message="the file must hold one JSON object keyed by slug.")
        allowed = set(required) | set(optional) | {"note"}
        records = {}
        for key, fields in data.items():
            if not isinstance(fields, dict):
                raise SampleDataError(path, key, message="a record must be a JSON object.")
            for name in fields:
                if name not in allowed:
                    raise SampleDataError(
                        path, key, name, f"unknown field; expected one of {', '.join(sorted(allowed))}."
                    )
            for name in required:
                if name not in fields:
                    raise SampleDataError(path, key, name, "this field is required.")
            records[key] = Record(path, key, fields)
        return records


class Record:
    """One record of a fixture file, with typed accessors that name the field on error."""

    def __init__(self, path, key, fields):
        self.path, self.key, self.fields = path, key, fields

    def error(self, field, message):
        return SampleDataError(self.path, self.key, field, message)

    def text(self, name, default=""):
        value = self.fields.get(name, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(name, "must be text.")
        return value

    def lines(self, name, joiner="\n"):
        """Text given either as one string or as a list of lines or paragraphs."""
        value = self.fields.get(name, "")
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise self.error(name, "must be a list of text.")
            return joiner.join(item.strip() for item in value)
        return self.text(name)

    def integer(self, name):
        value = self.fields.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise self.error(name, "must be a whole number or null.")
        return value

    def slugs(self, name, what="slugs"):
        value = self.fields.get(name) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(name, f"must be a list of {what}.")
        return value

    def objects(self, name):
        value = self.fields.get(name) or []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(name, "must be a list of objects.")
        return value

    def partial_date(self, name, required=True):
        value = self.fields.get(name)
        if value is None and not required:
            return None
        try:
            return PartialDate.parse(value if isinstance(value, str) else "")
        except ValueError as error:
            raise self.error(name, str(error)) from None
