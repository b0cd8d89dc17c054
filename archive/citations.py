"""How a document is cited: Chicago text, BibTeX, RIS and CSL-JSON.

:func:`for_document` gathers the facts once; each format renders them. Dates
keep their precision: a document known only to "October 2020" is cited so.
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from .dates import Precision

CSL_TYPES = {
    "white_paper": "report",
    "report": "report",
    "news_story": "article-newspaper",
    "press_release": "document",
    "speech": "speech",
    "transcript": "interview",
}
BIBTEX_TYPES = {"white_paper": "techreport", "report": "techreport"}
RIS_TYPES = {"white_paper": "RPRT", "report": "RPRT", "news_story": "NEWS", "press_release": "PRESS"}


@dataclass
class Citation:
    key: str
    title: str
    kind: str
    kind_label: str
    publisher: str
    date: object
    url: str
    source_url: str
    details: str
    pages: str
    language: str
    accessed: object
    archive: str

    @property
    def date_parts(self):
        date = self.date.date
        if self.date.precision == Precision.YEAR:
            return [date.year]
        if self.date.precision == Precision.MONTH:
            return [date.year, date.month]
        return [date.year, date.month, date.day]


def for_document(document, url):
    year = document.publication_date.year
    word = next(iter(re.findall(r"[a-z]{4,}", slugify(document.title))), "document")
    return Citation(
        key=f"{slugify(document.publisher.acronym or document.publisher.name) if document.publisher else 'archive'}"
        f"{year}{word}".replace("-", ""),
        title=document.title,
        kind=document.doc_type,
        kind_label=document.get_doc_type_display(),
        publisher=document.publisher.name if document.publisher else "",
        date=document.publication,
        url=url,
        source_url=document.source_url,
        details=document.citation_details,
        pages=document.pages,
        language=document.language,
        accessed=timezone.localdate(),
        archive=settings.ARCHIVE_NAME,
    )


def chicago(citation):
    """Chicago notes-bibliography style, as plain text."""
    parts = []
    if citation.publisher:
        parts.append(f"{citation.publisher}.")
    parts.append(f"“{citation.title}.”")
    parts.append(f"{citation.kind_label}, {citation.date}.")
    if citation.details:
        parts.append(f"{citation.details.rstrip('.')}.")
    elif citation.pages:
        parts.append(f"P. {citation.pages}.")
    parts.append(f"{citation.archive}. {citation.url}.")
    return " ".join(parts)


def _bibtex_escape(text):
    return re.sub(r"([{}%&$#_])", r"\\\1", text)


def bibtex(citation):
    entry = BIBTEX_TYPES.get(citation.kind, "misc")
    fields = [("title", "{" + _bibtex_escape(citation.title) + "}")]
    if citation.publisher:
        fields.append(("institution" if entry == "techreport" else "publisher", _bibtex_escape(citation.publisher)))
    fields.append(("year", str(citation.date.date.year)))
    if citation.date.precision != Precision.YEAR:
        fields.append(("month", citation.date.date.strftime("%b").lower()))
    if citation.date.precision == Precision.DAY:
        fields.append(("day", str(citation.date.date.day)))
    fields.append(("type", citation.kind_label))
    if citation.pages:
        fields.append(("pages", citation.pages.replace("–", "--")))
    if citation.details:
        fields.append(("note", _bibtex_escape(citation.details)))
    fields.append(("howpublished", f"\\url{{{citation.url}}}"))
    fields.append(("url", citation.url))
    fields.append(("urldate", citation.accessed.isoformat()))
    fields.append(("language", citation.language))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{citation.key},\n{body}\n}}\n"


def ris(citation):
    date = citation.date.date
    da = {
        Precision.YEAR: f"{date.year}///",
        Precision.MONTH: f"{date.year}/{date.month:02d}//",
        Precision.DAY: f"{date.year}/{date.month:02d}/{date.day:02d}/",
    }[citation.date.precision]
    lines = [
        ("TY", RIS_TYPES.get(citation.kind, "GEN")),
        ("TI", citation.title),
        ("PY", str(date.year)),
        ("DA", da),
        ("PB", citation.publisher),
        ("M3", citation.kind_label),
        ("SP", citation.pages),
        ("N1", citation.details),
        ("LA", citation.language),
        ("UR", citation.url),
        ("DB", citation.archive),
        ("Y2", citation.accessed.isoformat()),
    ]
    text = "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value)
    return text + "ER  - \r\n"


def csl_json(citation):
    item = {
        "id": citation.key,
        "type": CSL_TYPES.get(citation.kind, "document"),
        "title": citation.title,
        "genre": citation.kind_label,
        "issued": {"date-parts": [citation.date_parts]},
        "URL": citation.url,
        "language": citation.language,
        "archive": citation.archive,
        "accessed": {"date-parts": [[citation.accessed.year, citation.accessed.month, citation.accessed.day]]},
    }
    if citation.publisher:
        item["publisher"] = citation.publisher
        item["author"] = [{"literal": citation.publisher}]
    if citation.pages:
        item["page"] = citation.pages
    if citation.details:
        item["note"] = citation.details
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Format:
    label: str
    extension: str
    content_type: str
    render: object


FORMATS = {
    "txt": Format("Chicago (text)", "txt", "text/plain; charset=utf-8", chicago),
    "bib": Format("BibTeX", "bib", "application/x-bibtex; charset=utf-8", bibtex),
    "ris": Format("RIS", "ris", "application/x-research-info-systems; charset=utf-8", ris),
    "json": Format("CSL-JSON", "json", "application/vnd.citationstyles.csl+json; charset=utf-8", csl_json),
}
