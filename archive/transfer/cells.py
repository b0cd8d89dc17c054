"""Cell values: spreadsheet-formula neutralisation and the column widgets.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and
some treat a leading tab or carriage return the same way) as a formula. On
export to CSV and XLSX such a cell gets one leading apostrophe; a cell that
already starts with apostrophes followed by one of those characters gets one
more, so that :func:`recover` (on import) removes exactly one and every value
comes back as it was. JSON is not a spreadsheet format and is left alone.
"""

import re
from functools import lru_cache

from import_export import widgets

from archive.dates import PartialDate

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
_NEEDS_ESCAPE = re.compile(r"^'*[=+\-@\t\r]")
SEPARATOR = "|"


def neutralise(text):
    """The cell as written to CSV/XLSX: safe to open in a spreadsheet."""
    if text and _NEEDS_ESCAPE.match(text):
        return "'" + text
    return text


def recover(text):
    """The value a neutralised cell stood for (the inverse of :func:`neutralise`)."""
    if text and text[0] == "'" and _ESCAPED.match(text):
        return text[1:]
    return text


class TextWidget(widgets.CharWidget):
    """Plain text; empty cells are empty strings."""

    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(TextWidget):
    """One of a field's choices, written as its stored value ("press_release")."""

    def __init__(self, choices, default=None, blank_is_none=False, **kwargs):
        self.choices = list(choices)
        self.default = default
        self.blank_is_none = blank_is_none
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        value = ("" if value is None else str(value)).strip()
        if not value and self.default is not None:
            return self.default
        if not value and self.blank_is_none:
            return None
        if value not in self.choices:
            raise ValueError(f"{value!r} is not one of: {', '.join(self.choices)}.")
        return value


class OptionalIntegerWidget(widgets.IntegerWidget):
    """A whole number; an empty cell is ``empty`` (None, or the field's default)."""

    def __init__(self, empty=None, **kwargs):
        self.empty = empty
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        value = ("" if value is None else str(value)).strip()
        if not value:
            return self.empty
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number.") from None
        if number < 0:
            raise ValueError(f"{value!r} is negative.")
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class FlagWidget(widgets.BooleanWidget):
    TRUE = {"true", "yes", "1", "y"}
    FALSE = {"false", "no", "0", "n", ""}

    def clean(self, value, row=None, **kwargs):
        text = ("" if value is None else str(value)).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"{value!r} is not true or false.")

    def render(self, value, obj=None, **kwargs):
        return "true" if value else "false"


class PartialDateWidget(widgets.Widget):
    """A date at its precision: "2020" (year), "2020-10" (month), "2020-10-14" (day)."""

    def __init__(self, required=True, **kwargs):
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        value = ("" if value is None else str(value)).strip()
        if not value:
            if self.required:
                raise ValueError("a date is required (YYYY, YYYY-MM or YYYY-MM-DD).")
            return None
        return _parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class SlugWidget(widgets.CachedForeignKeyWidget):
    """A link to one record, named by its slug."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.field)


class SlugListWidget(widgets.ManyToManyWidget):
    """Links to several records, named by their slugs and separated by ``|``."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, separator=SEPARATOR, field=field, **kwargs)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return SEPARATOR.join(sorted(getattr(item, self.field) for item in value.all()))


@lru_cache(maxsize=8192)
def _parse_date(text):
    # Files repeat dates a lot; PartialDate is immutable, so parsed values can be shared.
    return PartialDate.parse(text)


def split_slugs(text):
    if not text:
        return []
    if SEPARATOR not in text:
        text = text.strip()
        return [text] if text else []
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


# XLSX is XML: a carriage return would come back as a line feed and other control
# characters cannot be stored at all. Excel writes them as _xHHHH_ (and a literal
# "_xHHHH_" as "_x005F_xHHHH_"); we do the same so XLSX round trips exactly.
_XLSX_LITERAL = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XLSX_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]")
_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xlsx_escape(text):
    if "_x" in text:
        text = _XLSX_LITERAL.sub(r"_x005F_\1", text)
    return _XLSX_CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def xlsx_unescape(text):
    if "_x" not in text:
        return text
    return _XLSX_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
