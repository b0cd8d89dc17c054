"""``records_import``: a whole file in, validated first, then written in bulk or not at all."""

import difflib
import re

from django.db import transaction
from django.utils import timezone
from modelsearch.backends import get_search_backends
from simple_history.models import HistoricalRecords

from archive.dates import PartialDate
from archive.workflow import Status

from .cells import PartialDateWidget, SlugListWidget, SlugWidget, recover, split_slugs
from .report import ImportReport, Link, RowPreview
from .resources import get_resource_class
from .tables import TableError, read_table

CHUNK = 900  # parameters per IN (...) query: safe on every SQLite build
WRITE_BATCH = 500
INDEX_BATCH = 2000
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


def can_publish(user, model):
    if user is None:
        return False
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


class Column:
    """One resource field seen as a file column: how to clean it and where it goes."""

    def __init__(self, model, resource_field):
        self.name = resource_field.column_name
        self.attribute = resource_field.attribute
        self.widget = widget = resource_field.widget
        self.model_field = None
        self.max_length = None
        self.is_slug = False
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
        self.self_reference = self.kind in ("fk", "m2m") and self.target is model

    def clean(self, text):
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
        return value


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def records_import(*, kind, data, file_name="", user=None, dry_run=False, collect_rows=False, progress=None):
    """Import one file of ``kind`` records; return an :class:`ImportReport`.

    Every row is validated before anything is written; any problem (bad value,
    unknown link, missing column, duplicate key) means nothing is written.
    ``progress(done, total)`` is called as rows are read and written.
    """
    report = ImportReport(kind=kind, file_name=file_name, dry_run=dry_run)
    try:
        resource = get_resource_class(kind)()
        table = read_table(data, name=file_name)
    except (TableError, ValueError) as error:
        report.error(0, "", str(error))
        return report
    report.format, report.encoding, report.delimiter = table.format, table.encoding, table.delimiter
    plan = _ImportPlan(resource, table, report, user=user, collect_rows=collect_rows, progress=progress)
    plan.validate()
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        plan.write()
    report.written = True
    return report


class _ImportPlan:
    def __init__(self, resource, table, report, *, user, collect_rows, progress):
        self.resource = resource
        self.model = resource._meta.model
        self.table = table
        self.report = report
        self.user = user
        self.collect_rows = collect_rows
        self.progress = progress or (lambda done, total: None)
        self.columns = [Column(self.model, field) for field in resource.get_import_fields()]
        self.by_name = {column.name: column for column in self.columns}
        key_names = [resource.fields[name].column_name for name in resource.key_columns()]
        self.key_columns = [self.by_name[name] for name in key_names]
        self.publishable = any(field.name == "status" for field in self.model._meta.fields)
        self.may_publish = self.publishable and can_publish(user, self.model)
        self.creates, self.updates, self.pending_links = [], [], []
        self.changed_fields, self.m2m_changes = set(), {}

    # -- validation -----------------------------------------------------------------
    def validate(self):
        present = self._check_header()
        if not self.report.ok:
            return
        rows = self._parse_rows(present)
        if not self.report.ok and not self.collect_rows:
            return
        self._resolve_links(rows, present)
        existing, existing_m2m = self._load_existing(rows)
        self._plan_rows(rows, present, existing, existing_m2m)
        if self.collect_rows and self.report.errors:
            by_row = {}
            for problem in self.report.errors:
                by_row.setdefault(problem.row, []).append(problem)
            for preview in self.report.rows:
                preview.problems = by_row.get(preview.row, [])
                if preview.problems:
                    preview.action = "error"

    def _check_header(self):
        header = self.table.header
        self.report.columns = list(header)
        present, seen = [], set()
        for position, name in enumerate(header):
            if name in seen:
                self.report.error(1, name, "the column appears twice in the header.")
                continue
            seen.add(name)
            column = self.by_name.get(name)
            if column is None:
                close = difflib.get_close_matches(name, list(self.by_name), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                self.report.error(
                    1,
                    name,
                    f"unknown column for {self.resource.kind}; expected some of: {', '.join(self.by_name)}.{hint}",
                )
                continue
            present.append((column, position))
        for name in self.resource.required:
            if name not in seen:
                self.report.error(1, name, "this required column is missing.")
        return present

    def _parse_rows(self, present):
        table, report = self.table, self.report
        unescape = table.format in ("csv", "xlsx")
        required = set(self.resource.required)
        rows, first_seen = [], {}
        total = len(table.rows)
        for index, cells in enumerate(table.rows):
            number = table.first_row + index
            if index % 1000 == 0:
                self.progress(index, total)
            if not any(cell.strip() for cell in cells):
                continue
            values = {}
            for column, position in present:
                text = cells[position] if position < len(cells) else ""
                if unescape:
                    text = recover(text)
                try:
                    value = column.clean(text)
                except ValueError as error:
                    report.error(number, column.name, str(error))
                    continue
                if column.name in required and value in ("", None, []):
                    report.error(number, column.name, "a value is required.")
                    continue
                values[column.name] = value
            key = self._key(values)
            if key is not None:
                if key in first_seen:
                    report.error(
                        number, self.key_columns[-1].name, f"duplicate key: row {first_seen[key]} has the same."
                    )
                else:
                    first_seen[key] = number
            rows.append((number, values, key))
        report.total = len(rows)
        self.progress(total, total)
        return rows

    def _key(self, values):
        parts = []
        for column in self.key_columns:
            value = values.get(column.name)
            if value in (None, ""):
                return None
            parts.append(value.date if isinstance(value, PartialDate) else value)
        return tuple(parts)

    def _resolve_links(self, rows, present):
        self.link_ids = {}
        file_slugs = {key[0] for _number, _values, key in rows if key} if len(self.key_columns) == 1 else set()
        for column, _position in present:
            if column.kind not in ("fk", "m2m"):
                continue
            wanted = set()
            for _number, values, _key in rows:
                value = values.get(column.name)
                if value:
                    wanted.update(value if column.kind == "m2m" else (value,))
            ids = {}
            manager = column.target._default_manager
            for chunk in _chunks(wanted):
                ids.update(manager.filter(**{f"{column.lookup}__in": chunk}).values_list(column.lookup, "pk"))
            self.link_ids[column.name] = ids
            known_in_file = file_slugs if column.self_reference else set()
            candidates = None
            for number, values, _key in rows:
                value = values.get(column.name)
                if not value:
                    continue
                links = []
                for slug in value if column.kind == "m2m" else (value,):
                    known = slug in ids or slug in known_in_file
                    suggestions = []
                    if not known:
                        if candidates is None:
                            candidates = list(manager.values_list(column.lookup, flat=True)) + sorted(known_in_file)
                        suggestions = difflib.get_close_matches(slug, candidates, n=3, cutoff=0.6)
                        hint = f" Close matches: {', '.join(suggestions)}." if suggestions else ""
                        self.report.error(
                            number, column.name, f"no {column.target._meta.verbose_name} has the slug {slug!r}.{hint}"
                        )
                    if self.collect_rows:
                        links.append(Link(slug=slug, known=known, suggestions=suggestions))
                if self.collect_rows:
                    values.setdefault("__links__", {})[column.name] = links

    def _load_existing(self, rows):
        first = self.key_columns[0]
        if first.kind == "fk":
            wanted = {self.link_ids[first.name].get(key[0]) for _n, _v, key in rows if key} - {None}
        else:
            wanted = {key[0] for _n, _v, key in rows if key}
        slug_of = {
            column.name: {pk: slug for slug, pk in self.link_ids.get(column.name, {}).items()}
            for column in self.key_columns
            if column.kind == "fk"
        }
        existing = {}
        manager = self.model._default_manager
        for chunk in _chunks(wanted):
            for instance in manager.filter(**{f"{first.attname}__in": chunk}):
                parts = []
                for column in self.key_columns:
                    value = getattr(instance, column.attname)
                    parts.append(slug_of[column.name].get(value) if column.kind == "fk" else value)
                existing[tuple(parts)] = instance
        existing_m2m = {}
        pks = [instance.pk for instance in existing.values()]
        for column in self.columns:
            if column.kind != "m2m" or column.name not in self.link_ids:
                continue
            sets = existing_m2m[column.name] = {}
            for chunk in _chunks(pks):
                pairs = column.through._default_manager.filter(**{f"{column.source_attname}__in": chunk})
                for source, target in pairs.values_list(column.source_attname, column.target_attname):
                    sets.setdefault(source, set()).add(target)
        return existing, existing_m2m

    def _plan_rows(self, rows, present, existing, existing_m2m):
        report, model = self.report, self.model
        asked_status = 0
        for number, values, key in rows:
            instance = existing.get(key) if key else None
            is_new = instance is None
            if is_new:
                instance = model()
            changed = set()
            m2m = {}
            for column, _position in present:
                if column.name not in values:
                    continue
                value = values[column.name]
                if column.attribute in ("status", "publish_at") and not self.may_publish:
                    if value not in (None, "", Status.DRAFT):
                        asked_status += 1
                    if not is_new or column.attribute == "publish_at":
                        continue
                    value = Status.DRAFT
                if column.kind == "m2m":
                    ids = self.link_ids[column.name]
                    target_ids = {ids[slug] for slug in value if slug in ids}
                    old = set() if is_new else existing_m2m[column.name].get(instance.pk, set())
                    if is_new or target_ids != old:
                        m2m[column] = target_ids
                    continue
                if column.kind == "fk":
                    if value is None:
                        new = None
                    elif value in self.link_ids[column.name]:
                        new = self.link_ids[column.name][value]
                    else:
                        self.pending_links.append((instance, column.attname, value))
                        changed.add(column.attname)
                        continue
                    pairs = [(column.attname, new)]
                elif column.kind == "date":
                    pairs = (
                        [(column.attname, None)]
                        if value is None
                        else [
                            (column.attname, value.date),
                            (column.precision_attname, value.precision),
                        ]
                    )
                else:
                    pairs = [(column.attname, value)]
                for attname, new in pairs:
                    if is_new or getattr(instance, attname) != new:
                        setattr(instance, attname, new)
                        changed.add(attname)
            if is_new:
                action = "create"
                report.created += 1
                self.creates.append(instance)
            elif changed or m2m:
                action = "update"
                report.updated += 1
                self.updates.append(instance)
                self.changed_fields |= changed
            else:
                action = "unchanged"
                report.unchanged += 1
            if m2m:
                self.m2m_changes[id(instance)] = (instance, m2m)
            if self.collect_rows:
                report.rows.append(
                    RowPreview(
                        row=number,
                        action=action,
                        key=" | ".join(str(part) for part in key) if key else "",
                        links=values.get("__links__", {}),
                    )
                )
        if asked_status:
            report.warnings.append(
                f"{asked_status} row(s) ask for a status or publish time, but you may not publish "
                f"{model._meta.verbose_name_plural}: new records are drafts and existing ones keep their status."
            )

    # -- writing --------------------------------------------------------------------
    def write(self):
        model, resource, user = self.model, self.resource, self.user
        manager = model._default_manager
        total = len(self.creates) + len(self.updates)
        now = timezone.now()
        for instance in self.creates:
            resource.prepare(instance)
        manager.bulk_create(self.creates, batch_size=WRITE_BATCH)
        self.progress(len(self.creates) // 2, total)
        if self.pending_links:
            slug_field = self.key_columns[0].attname
            new_ids = {getattr(instance, slug_field): instance.pk for instance in self.creates}
            linked = []
            for instance, attname, slug in self.pending_links:
                setattr(instance, attname, new_ids[slug])
                linked.append(instance)
            attnames = sorted({attname for _i, attname, _s in self.pending_links})
            manager.bulk_update([i for i in dict.fromkeys(linked) if i.pk], attnames, batch_size=WRITE_BATCH)
        if self.updates:
            fields = set(self.changed_fields)
            if any(field.name == "updated_at" for field in model._meta.fields):
                for instance in self.updates:
                    instance.updated_at = now
                fields.add("updated_at")
            for instance in self.updates:
                resource.prepare(instance)
            fields |= {f.attname for f in model._meta.fields if f.attname in ("key", "script", "family_name")}
            manager.bulk_update(self.updates, sorted(fields), batch_size=WRITE_BATCH)
        touched_m2m = self._write_m2m()
        reason = f"Imported from {self.report.file_name}"[:100] if self.report.file_name else "Imported"
        history = model.history
        created_history = history.bulk_history_create(
            self.creates, default_user=user, default_change_reason=reason, batch_size=WRITE_BATCH
        )
        updated_history = history.bulk_history_create(
            self.updates, update=True, default_user=user, default_change_reason=reason, batch_size=WRITE_BATCH
        )
        self._write_m2m_history(list(created_history) + list(updated_history), touched_m2m)
        self.progress(total - total // 10, total)
        self._index(self.creates + self.updates)
        self.progress(total, total)

    def _write_m2m(self):
        touched = {}
        for instance, m2m in self.m2m_changes.values():
            for column, target_ids in m2m.items():
                touched.setdefault(column.name, (column, []))[1].append((instance, target_ids))
        for column, items in touched.values():
            through = column.through._default_manager
            created = {id(instance) for instance in self.creates}
            old = [instance.pk for instance, _ids in items if id(instance) not in created]
            for chunk in _chunks(old):
                through.filter(**{f"{column.source_attname}__in": chunk})._raw_delete(through.db)
            rows = [
                column.through(**{column.source_attname: instance.pk, column.target_attname: target})
                for instance, target_ids in items
                for target in sorted(target_ids)
            ]
            through.bulk_create(rows, batch_size=WRITE_BATCH)
        return touched

    def _write_m2m_history(self, history_rows, touched):
        m2m_models = {
            field: history_model
            for field, history_model in HistoricalRecords.m2m_models.items()
            if field.model is self.model
        }
        if not m2m_models or not history_rows:
            return
        pk_name = self.model._meta.pk.attname
        for field, history_model in m2m_models.items():
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            by_source = {}
            pks = [getattr(row, pk_name) for row in history_rows]
            for chunk in _chunks(pks):
                pairs = through._default_manager.filter(**{f"{source}__in": chunk}).values_list("pk", source, target)
                for pk, source_id, target_id in pairs:
                    by_source.setdefault(source_id, []).append((pk, target_id))
            rows = [
                history_model(**{"history_id": row.pk, "id": pk, source: getattr(row, pk_name), target: target_id})
                for row in history_rows
                for pk, target_id in by_source.get(getattr(row, pk_name), ())
            ]
            history_model._default_manager.bulk_create(rows, batch_size=WRITE_BATCH)

    def _index(self, instances):
        backends = list(get_search_backends(with_auto_update=True))
        if not backends:
            return
        jobs = []
        if hasattr(self.model, "get_search_fields") and instances:
            jobs.append((self.model, [instance.pk for instance in instances], instances, self.resource))
        for model, pks in self.resource.reindex_related(instances):
            jobs.append((model, sorted(pks), None, get_resource_for(model)))
        for model, pks, loaded, resource in jobs:
            reload = loaded is None or bool(resource.index_select_related or resource.index_prefetch_related)
            for start in range(0, len(pks), INDEX_BATCH):
                if reload:
                    items = []
                    for chunk in _chunks(pks[start : start + INDEX_BATCH]):
                        items.extend(
                            model._default_manager.filter(pk__in=chunk)
                            .select_related(*resource.index_select_related)
                            .prefetch_related(*resource.index_prefetch_related)
                        )
                else:
                    items = loaded[start : start + INDEX_BATCH]
                for backend in backends:
                    backend.add_bulk(model, items)


def get_resource_for(model):
    from .resources import resource_for_model

    _kind, resource_class = resource_for_model(model)
    return resource_class()
