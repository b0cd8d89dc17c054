"""Bytes -> a table: header plus rows of text cells.

Reads CSV (UTF-8 with or without BOM, UTF-16, CP949/EUC-KR; comma, semicolon
or tab), XLSX and JSON (a list of objects). Anything else is a
:class:`TableError` with a message a data manager can act on.
"""

import codecs
import csv
import datetime as dt
import io
import itertools
import json
from dataclasses import dataclass, field

FORMATS = ("csv", "xlsx", "json")
_DELIMITERS = (",", ";", "\t")


class TableError(ValueError):
    """The file is not a table we can read."""


@dataclass
class Table:
    header: list
    rows: list  # list of lists of str, aligned with header
    format: str
    encoding: str = ""
    delimiter: str = ""
    first_row: int = 2  # the file's row number of rows[0], for reports
    warnings: list = field(default_factory=list)


def guess_format(name, data):
    lowered = (name or "").lower()
    if lowered.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return "xlsx"
    if lowered.endswith(".json"):
        return "json"
    stripped = data.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_table(data, *, name="", format=None):
    """Read ``data`` (bytes) into a :class:`Table`; raise :class:`TableError`."""
    if not data or data.isspace():
        raise TableError(f"{name or 'The file'} is empty.")
    format = format or guess_format(name, data)
    if format == "xlsx":
        return _read_xlsx(data, name)
    text, encoding = decode(data, name)
    if format == "json":
        return _read_json(text, name, encoding)
    return _read_csv(text, name, encoding)


def decode(data, name=""):
    """Text and the encoding it was in: UTF-8 (BOM or not), UTF-16, CP949."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise TableError(f"{name or 'The file'} starts as UTF-16 but is not valid UTF-16: {error}.") from None
    if b"\x00" in data[:1000]:
        # UTF-16 without a byte order mark: ASCII header bytes alternate with zeros.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text, encoding
        raise TableError(f"{name or 'The file'} is binary, not a table (CSV, XLSX or JSON).")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        raise TableError(
            f"{name or 'The file'} is in an encoding we cannot read; save it as UTF-8 (or UTF-16, CP949/EUC-KR)."
        ) from None


def _read_csv(text, name, encoding):
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in _DELIMITERS}
    delimiter = max(counts, key=counts.get)
    if counts[delimiter] == 0:
        delimiter = ","
    try:
        records = list(csv.reader(_lines(text), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise TableError(f"{name or 'The file'} is not a readable CSV table: {error}.") from None
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    if not records:
        raise TableError(f"{name or 'The file'} is empty.")
    header = [cell.strip() for cell in records[0]]
    if len(header) < 2 and counts[delimiter] == 0:
        raise TableError(
            f"{name or 'The file'} is not a table: its first line has no comma, semicolon or tab "
            "separating column names."
        )
    rows = []
    for record in records[1:]:
        if len(record) < len(header):
            record = record + [""] * (len(header) - len(record))
        rows.append(record)
    return Table(header=header, rows=rows, format="csv", encoding=encoding, delimiter=delimiter)


def _lines(text):
    """The text's lines with their endings, for the csv module.

    Split on line feeds without ``io.StringIO``, which would first copy the whole
    text into a 4-bytes-per-character buffer. A file with carriage returns only
    (old Mac spreadsheets) goes through ``StringIO``, which splits on those too.
    """
    if "\n" not in text:
        return io.StringIO(text, newline="")
    lines = text.split("\n")
    last = lines.pop()
    return itertools.chain((line + "\n" for line in lines), (last,) if last else ())


def cell_text(value):
    """One spreadsheet or JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "|".join(cell_text(item) for item in value)
    return str(value)


def _read_xlsx(data, name):
    from openpyxl import load_workbook

    from .cells import xlsx_unescape

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"{name or 'The file'} is not a readable XLSX workbook: {error}.") from None
    try:
        sheet = workbook.worksheets[0]
        records = [[xlsx_unescape(cell_text(value)) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()
    if not records:
        raise TableError(f"{name or 'The file'} has an empty first sheet.")
    header = [cell.strip() for cell in records[0]]
    while header and not header[-1]:
        header.pop()
    rows = [(record + [""] * len(header))[: len(header)] for record in records[1:]]
    return Table(header=header, rows=rows, format="xlsx")


def _read_json(text, name, encoding):
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise TableError(f"{name or 'The file'} is not valid JSON: {error}.") from None
    if isinstance(payload, dict) and isinstance(payload.get("records"), list):
        payload = payload["records"]
    if not isinstance(payload, list) or not all(isinstance(item, dict) for item in payload):
        raise TableError(f"{name or 'The file'} is JSON but not a list of records (objects).")
    header = []
    seen = set()
    for item in payload:
        for key in item:
            if key not in seen:
                seen.add(key)
                header.append(key)
    rows = [[cell_text(item.get(column)) for column in header] for item in payload]
    return Table(header=header, rows=rows, format="json", encoding=encoding, first_row=1)
