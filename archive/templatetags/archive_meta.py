"""Machine-readable metadata for detail pages: JSON-LD, Highwire citation_* and Open Graph."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

SCHEMA_TYPES = {"white_paper": "Report", "report": "Report", "news_story": "NewsArticle"}
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def meta_tags(pairs, attribute="name"):
    return format_html_join(
        "\n", "<meta " + attribute + '="{}" content="{}">', ((key, value) for key, value in pairs if value)
    )


def common(title, url, description, kind):
    return [
        ("og:site_name", settings.ARCHIVE_NAME),
        ("og:type", kind),
        ("og:title", title),
        ("og:url", url),
        ("og:description", (description or "")[:300]),
    ]


@register.simple_tag
def document_meta(document, citation):
    date = citation.date
    highwire = [
        ("citation_title", document.title),
        ("citation_publisher", citation.publisher),
        ("citation_author", citation.publisher),
        ("citation_publication_date", date.isoformat().replace("-", "/")),
        ("citation_date", date.isoformat().replace("-", "/")),
        ("citation_language", document.language),
        ("citation_abstract_html_url", citation.url),
        ("citation_firstpage", document.pages.split("–")[0].split("-")[0] if document.pages else ""),
    ]
    if document.doc_type in ("white_paper", "report"):
        highwire.append(("citation_technical_report_institution", citation.publisher))
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(document.doc_type, "Report"),
        "@id": citation.url,
        "url": citation.url,
        "headline": document.title[:110],
        "name": document.title,
        "datePublished": date.isoformat(),
        "inLanguage": document.language,
        "genre": document.get_doc_type_display(),
        "isPartOf": {"@type": "WebSite", "name": settings.ARCHIVE_NAME},
    }
    if document.summary:
        data["abstract"] = document.summary
    if citation.publisher:
        data["publisher"] = {"@type": "Organization", "name": citation.publisher}
        data["author"] = {"@type": "Organization", "name": citation.publisher}
    if document.source_url:
        data["sameAs"] = document.source_url
    about = [{"@type": "DefinedTerm", "name": theme.name} for theme in document.themes.all()]
    if about:
        data["about"] = about
    mentions = [{"@type": "Person", "name": person.display_name} for person in document.people.all()]
    if mentions:
        data["mentions"] = mentions
    og = common(document.title, citation.url, document.summary, "article")
    og.append(("article:published_time", date.isoformat()))
    return mark_safe(  # noqa: S308 - parts are built with format_html
        "\n".join(
            [
                format_html('<link rel="canonical" href="{}">', citation.url),
                format_html('<meta name="description" content="{}">', (document.summary or document.title)[:300]),
                meta_tags(highwire),
                meta_tags(og, "property"),
                json_ld(data),
            ]
        )
    )


@register.simple_tag(takes_context=True)
def record_meta(context, kind, record):
    """JSON-LD and Open Graph for a meeting (Event), person or organization page."""
    request = context["request"]
    url = request.build_absolute_uri(record.get_absolute_url())
    if kind == "Event":
        description = record.summary
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": url,
            "url": url,
            "name": record.title,
            "startDate": record.start.isoformat(),
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
            if record.kind != "in_person"
            else "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": record.city or record.get_country_display(),
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": record.city,
                    "addressCountry": record.country,
                },
            },
        }
        if record.end_date:
            data["endDate"] = record.end.isoformat()
        if description:
            data["description"] = description
        if record.series_id:
            data["superEvent"] = {"@type": "EventSeries", "name": record.series.name}
        title = record.title
    elif kind == "Person":
        description = record.biography
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "@id": url,
            "url": url,
            "name": record.display_name,
            "alternateName": [name.name for name in record.names.all() if name.name != record.display_name],
        }
        if record.family_name:
            data["familyName"] = record.family_name
        if record.given_name:
            data["givenName"] = record.given_name
        if description:
            data["description"] = description
        title = record.display_name
    else:
        description = record.description
        data = {"@context": "https://schema.org", "@type": "Organization", "@id": url, "url": url, "name": record.name}
        if record.acronym:
            data["alternateName"] = record.acronym
        if description:
            data["description"] = description
        title = record.name
    return mark_safe(  # noqa: S308 - parts are built with format_html
        "\n".join(
            [
                format_html('<link rel="canonical" href="{}">', url),
                format_html('<meta name="description" content="{}">', (description or title)[:300]),
                meta_tags(common(title, url, description, "profile" if kind == "Person" else "website"), "property"),
                json_ld(data),
            ]
        )
    )
