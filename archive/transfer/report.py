"""What an import found and did, for the admin preview, the shell and an API."""

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class Problem:
    row: int  # the file's row number (the header is row 1); 0 for the file as a whole
    column: str
    reason: str

    def __str__(self):
        where = []
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def as_dict(self):
        return {"row": self.row, "column": self.column, "reason": self.reason}


class Link(NamedTuple):
    slug: str
    known: bool
    suggestions: list


@dataclass
class RowPreview:
    row: int
    action: str  # create, update, unchanged or error
    key: str
    links: dict = field(default_factory=dict)  # column -> [Link]
    problems: list = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    file_name: str = ""
    dry_run: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    #: pk -> revision of the workflow records the rows rely on (see records_import)
    revisions: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    format: str = ""
    encoding: str = ""
    delimiter: str = ""

    MAX_ERRORS = 1000

    @property
    def ok(self):
        return not self.errors

    def error(self, row, column, reason):
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append(Problem(row, column, reason))

    @property
    def read_as(self):
        """How the file was read, shown beside the preview: ``CSV, cp949, semicolon-separated``."""
        if not self.format:
            return ""
        parts = [self.format.upper()]
        if self.encoding:
            parts.append(self.encoding)
        if self.delimiter:
            names = {",": "comma", ";": "semicolon", "\t": "tab"}
            parts.append(f"{names.get(self.delimiter, repr(self.delimiter))}-separated")
        return ", ".join(parts)

    def summary(self):
        verb = "would be" if self.dry_run or not self.written else "were"
        if not self.ok:
            return (
                f"{self.file_name or self.kind}: {len(self.errors)} problem(s); nothing was imported "
                f"({self.total} row(s) read)."
            )
        return (
            f"{self.file_name or self.kind}: {self.total} row(s) — {self.created} {verb} created, "
            f"{self.updated} updated, {self.unchanged} unchanged."
        )

    def as_dict(self):
        return {
            "kind": self.kind,
            "file": self.file_name,
            "dry_run": self.dry_run,
            "written": self.written,
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [problem.as_dict() for problem in self.errors],
            "warnings": list(self.warnings),
            "read_as": self.read_as,
        }
