"""``records_import``: a whole file in, validated first, then written in bulk or not at all."""

import difflib
import gc
from contextlib import contextmanager

from django.db import DataError, IntegrityError, connection, transaction

from archive.bulkindex import index_objects_bulk
from archive.cache import bump_public_version
from archive.dates import PartialDate
from archive.transitions import may_edit_past_draft, may_perform
from archive.workflow import Publishable, Status, publishable_parent

from .cells import recover
from .columns import Column, _chunks, _instance_factory, _key_text, get_resource_for
from .report import ImportReport, Link, RowPreview
from .resources import ArchiveResource, get_resource_class
from .tables import TableError, read_table
from .writing import BulkWriter, NewRecord, write_records

SQLITE_CACHE_KB = 256 * 1024
INDEX_BATCH = 2000


def records_import(
    *,
    kind,
    data,
    file_name="",
    user=None,
    dry_run=False,
    collect_rows=False,
    progress=None,
    expected_revisions=None,
):
    """Import one file of ``kind`` records; return an :class:`ImportReport`.

    Every row is validated before anything is written; any problem (bad value,
    unknown link, missing column, duplicate key) means nothing is written.
    ``progress(done, total)`` is called as rows are read and written.

    The report's ``revisions`` are those of the workflow records the file's rows
    rely on (the records it updates; for participations, names and appointments,
    the meetings and people of the rows it updates, or of every row for a user
    who may only touch drafts). Passed back as ``expected_revisions`` (the admin
    does so from its preview), any of them changed since refuses the file.
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
    plan.dry_run = dry_run
    with _cycle_collector_paused():
        plan.validate()
    if report.ok and expected_revisions is not None:
        plan.refuse_changed_since(expected_revisions, "your preview")
    report.revisions = {pk: revision for pk, (revision, _rows) in plan.relies_on.items()}
    if not report.ok or dry_run:
        return report
    try:
        with transaction.atomic(), _large_cache(), _cycle_collector_paused():
            plan.write()
            # The bulk write sends no model signals: say the public archive changed.
            bump_public_version()
    except _ChangedSince:
        return report  # the plan reported the rows
    except (IntegrityError, DataError) as error:
        # A rule only the database checks (such as one series ordinal per meeting), or a
        # value one database refuses that validation let through.
        report.error(0, "", f"the database refused the file, so nothing was imported: {error}")
        return report
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
        self.dry_run = False
        self.progress = progress or (lambda done, total: None)
        self.columns = [Column(self.model, field) for field in resource.get_import_fields()]
        self.by_name = {column.name: column for column in self.columns}
        key_names = [resource.fields[name].column_name for name in resource.key_columns()]
        self.key_columns = [self.by_name[name] for name in key_names]
        self.publishable = issubclass(self.model, Publishable)
        self.parent = None if self.publishable else publishable_parent(self.model)
        self.may_publish = self.publishable and may_perform(user, self.model, "publish")
        self.may_withdraw = self.may_publish and may_perform(user, self.model, "withdraw")
        self.guard_revisions = {}  # pk -> revision of the guarded records, read with the guard's snapshot
        self.guard = self._editability_guard()
        # Rows that create records skip model instances unless the resource derives fields from them.
        own = type(resource)
        self.lean = own.prepare is ArchiveResource.prepare and own.reindex_related is ArchiveResource.reindex_related
        self.creates, self.updates, self.pending_links = [], [], []
        self.changed_fields, self.m2m_changes = set(), {}
        # pk of a workflow record the rows rely on: (its revision while planning, the file rows)
        self.relies_on = {}

    def _editability_guard(self):
        """What this user may not touch, as the desk rules it: records past draft need an editor.

        ``(column or None, ids past draft, model)`` for a user without the review permission
        on the workflow record the rows belong to (the record itself, or the meeting or person
        of a child row); ``None`` when every row may be written.
        """
        if self.user is None:
            return None
        if self.publishable:
            target, column = self.model, None
        else:
            if self.parent is None:
                return None
            target = self.parent.related_model
            column = next((c for c in self.columns if c.kind == "fk" and c.attname == self.parent.attname), None)
        if may_edit_past_draft(self.user, target):
            return None
        # One snapshot of state and revision: a parent submitted after it is caught by the
        # revision check when the rows are written.
        past_draft = set()
        for pk, status, revision in target._default_manager.values_list("pk", "status", "revision"):
            self.guard_revisions[pk] = revision
            if status != Status.DRAFT:
                past_draft.add(pk)
        return column, past_draft, target

    def _refusal(self, instance, values):
        """Why this row may not be written by this user, or None."""
        if self.guard is None:
            return None
        column, past_draft, target = self.guard
        if column is None:
            # The record itself, as loaded after the snapshot.
            past = instance is not None and (instance.pk in past_draft or instance.status != Status.DRAFT)
        else:
            past = self.link_ids.get(column.name, {}).get(values.get(column.name)) in past_draft
        if past:
            return f"the {target._meta.verbose_name} this row changes is past draft: only an editor may change it."
        return None

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
        self._read_parent_revisions()
        self._check_permissions()
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
        plan = [(column, column.name, position, column.name in required) for column, position in present]
        width = len(table.header)
        rows, first_seen = [], {}
        total = len(table.rows)
        for index, cells in enumerate(table.rows):
            number = table.first_row + index
            if index % 1000 == 0:
                self.progress(index, total)
            if not any(cell and not cell.isspace() for cell in cells):
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            values = {}
            for column, name, position, is_required in plan:
                text = cells[position]
                if unescape and text and text[0] == "'":
                    text = recover(text)
                try:
                    value = column.clean(text)
                except ValueError as error:
                    report.error(number, name, str(error))
                    continue
                if is_required and not value:
                    report.error(number, name, "a value is required.")
                    continue
                values[name] = value
            start, end = values.get("start"), values.get("end")
            if start and end and end.date < start.date:
                report.error(number, "end", f"ends ({end.isoformat()}) before it starts ({start.isoformat()}).")
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
            unknown = wanted - ids.keys() - known_in_file
            suggestions = {}
            if unknown:
                candidates = list(manager.values_list(column.lookup, flat=True)) + sorted(known_in_file)
                noun = column.target._meta.verbose_name
                for slug in sorted(unknown):
                    suggestions[slug] = difflib.get_close_matches(slug, candidates, n=3, cutoff=0.6)
            if not unknown and not self.collect_rows:
                continue
            # Links are immutable: one per slug, shared by every row that names it.
            link_of = {}
            for number, values, _key in rows:
                value = values.get(column.name)
                if not value:
                    continue
                slugs = value if column.kind == "m2m" else (value,)
                if unknown:
                    for slug in slugs:
                        if slug in unknown:
                            close = suggestions[slug]
                            hint = f" Close matches: {', '.join(close)}." if close else ""
                            self.report.error(number, column.name, f"no {noun} has the slug {slug!r}.{hint}")
                if self.collect_rows:
                    links = []
                    for slug in slugs:
                        link = link_of.get(slug)
                        if link is None:
                            link = link_of[slug] = Link(slug, slug not in unknown, suggestions.get(slug, []))
                        links.append(link)
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
        self.asked_status = self.kept_status = 0
        new_instance = _instance_factory(model)
        template = _Defaults(model)
        for number, values, key in rows:
            instance = existing.get(key) if key else None
            is_new = instance is None
            refusal = self._refusal(instance, values)
            if refusal:
                report.error(number, self.key_columns[0].name, refusal)
                continue
            if is_new and self.publishable and not self.may_publish and _asks_to_publish(values):
                self.asked_status += 1
            elif is_new and values.get("status") == Status.WITHDRAWN and not self.may_withdraw:
                report.error(
                    number,
                    "status",
                    "you may publish but not withdraw, so a new record cannot be imported as withdrawn: import it "
                    "as a draft or published.",
                )
                continue
            if is_new and self.guard is not None and self.parent is not None:
                self._rely_on_parent(values, number)
            if is_new and self.dry_run:
                # A preview of a new row needs no instance: count it and show its links.
                report.created += 1
                if self.collect_rows:
                    report.rows.append(RowPreview(number, "create", _key_text(key), values.get("__links__", {})))
                continue
            if is_new:
                if self.lean:
                    self._plan_new(values, present, template)
                    report.created += 1
                    if self.collect_rows:
                        report.rows.append(RowPreview(number, "create", _key_text(key), values.get("__links__", {})))
                    continue
                instance = new_instance()
            changed = set()
            m2m = {}
            asks_for_a_transition = False
            for column, _position in present:
                if column.name not in values:
                    continue
                value = values[column.name]
                if column.attribute in WORKFLOW_COLUMNS and not is_new:
                    # Existing records move through the workflow's transitions, never by import.
                    # An empty cell asks for nothing.
                    if value and value != getattr(instance, column.attribute):
                        asks_for_a_transition = True
                    continue
                if is_new:
                    value = self._new_record_value(column, value)
                    if value is _LEAVE_OUT:
                        continue
                if column.kind == "m2m":
                    target_ids = self._link_targets(column, value)
                    old = set() if is_new else existing_m2m[column.name].get(instance.pk, set())
                    if is_new or target_ids != old:
                        m2m[column] = target_ids
                    continue
                pairs = self._cell_pairs(column, value, instance)
                if pairs is None:  # a link to a record this file creates: set once it is inserted
                    changed.add(column.attname)
                    continue
                for attname, new in pairs:
                    if is_new or getattr(instance, attname) != new:
                        setattr(instance, attname, new)
                        changed.add(attname)
            self.kept_status += asks_for_a_transition
            if is_new:
                action = "create"
                report.created += 1
                self.resource.prepare(instance)
                links = {column.model_field: sorted(ids) for column, ids in m2m.items()}
                self.creates.append(NewRecord(instance.__dict__, links, instance))
                m2m = {}
            elif changed or m2m:
                action = "update"
                report.updated += 1
                self.updates.append(instance)
                self._rely_on(instance, number)
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
                        key=_key_text(key),
                        links=values.get("__links__", {}),
                    )
                )
        plural = model._meta.verbose_name_plural
        if self.asked_status:
            report.warnings.append(
                f"{self.asked_status} new row(s) ask for a status or publish time, but you may not publish "
                f"{plural}: they are imported as drafts."
            )
        if self.kept_status:
            report.warnings.append(
                f"{self.kept_status} row(s) ask to change the status or publish time of existing {plural}: an "
                "import does not move records through the workflow, so they keep theirs (submit, publish, "
                "schedule or withdraw them in the admin)."
            )

    def _check_permissions(self):
        """A named user needs the add and change permissions of the rows' kind (the admin's own rule)."""
        user, opts = self.user, self.model._meta
        if user is None:
            return
        for action, count in (("add", self.report.created), ("change", self.report.updated)):
            if count and not (user.is_active and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")):
                self.report.error(
                    0,
                    "",
                    f"{user.get_username()} may not {action} {opts.verbose_name_plural}, and {count} row(s) would.",
                )

    # -- writing --------------------------------------------------------------------
    def write(self):
        total = len(self.creates) + len(self.updates)
        self.progress(0, total)
        self._refuse_changed_since()
        if self.pending_links:
            self._link_rows_of_this_file()
        reason = f"Imported from {self.report.file_name}"[:100] if self.report.file_name else "Imported"
        write_records(
            model=self.model,
            creates=self.creates,
            updates=self.updates,
            changed_fields=self.changed_fields,
            m2m_changes=self.m2m_changes,
            user=self.user,
            reason=reason,
            prepare=self.resource.prepare,
        )
        self._touch_parents()
        written = [record.instance for record in self.creates if record.instance is not None] + self.updates
        for model, pks in self.resource.reindex_related(written):
            resource = get_resource_for(model)
            pks = sorted(pks)
            for chunk in _chunks(pks):
                objects = list(
                    model._default_manager.filter(pk__in=chunk)
                    .select_related(*resource.index_select_related)
                    .prefetch_related(*resource.index_prefetch_related)
                )
                index_objects_bulk(model, objects)
        self.progress(total, total)

    def _rely_on(self, instance, number):
        """Remember the revision of the workflow record an update relies on (itself, or its parent)."""
        if self.publishable:
            self.relies_on.setdefault(instance.pk, (instance.revision, []))[1].append(number)
        elif self.parent is not None:
            self._rely_on_parent({}, number, parent_id=getattr(instance, self.parent.attname))

    def _rely_on_parent(self, values, number, parent_id=None):
        if parent_id is None:
            column = next((c for c in self.columns if c.kind == "fk" and c.attname == self.parent.attname), None)
            parent_id = self.link_ids.get(column.name, {}).get(values.get(column.name)) if column else None
        if parent_id is not None:
            self.relies_on.setdefault(parent_id, [None, []])[1].append(number)

    def _current_revisions(self, lock=False):
        target = self.model if self.publishable else self.parent.related_model
        manager = target._default_manager
        current = {}
        for chunk in _chunks(self.relies_on):
            rows = manager.filter(pk__in=chunk)
            if lock and connection.features.has_select_for_update:
                rows = rows.select_for_update()
            current.update(rows.values_list("pk", "revision"))
        return current

    def _read_parent_revisions(self):
        """The revisions of the parents the rows rely on, read once after planning."""
        if self.parent is None or not self.relies_on:
            return
        current = self._current_revisions() if not self.guard_revisions else self.guard_revisions
        for pk, entry in self.relies_on.items():
            entry[0] = current.get(pk)
        self.relies_on = {pk: (revision, rows) for pk, (revision, rows) in self.relies_on.items()}

    def refuse_changed_since(self, expected, since):
        """Report every row whose workflow record's revision is not ``expected`` (pk -> revision)."""
        if not self.relies_on:
            return False
        noun = (self.model if self.publishable else self.parent.related_model)._meta.verbose_name
        stale = []
        for pk, (revision, rows) in self.relies_on.items():
            # Missing: deleted since, or (from a preview) a row that was a new record then.
            seen = expected.get(pk, expected.get(str(pk)))
            if revision != seen:
                stale += rows
        for number in sorted(stale):
            self.report.error(
                number,
                self.key_columns[0].name,
                f"the {noun} this row changes was changed by someone else after {since}; nothing was imported. "
                "Check the file against it and import again.",
            )
        return bool(stale)

    def _refuse_changed_since(self):
        """Raise :class:`_ChangedSince` if a record the rows rely on was saved after the plan read it.

        Runs inside the write transaction, which holds the database's write lock on SQLite
        (``BEGIN IMMEDIATE``) and locks the rows on PostgreSQL, so no save can slip in after it.
        """
        if not self.relies_on:
            return
        current = self._current_revisions(lock=True)
        if self.refuse_changed_since(current, "the file was checked"):
            raise _ChangedSince()

    def _touch_parents(self):
        """Count a change to a meeting's participations or a person's names as a save of the meeting or person.

        Their revision goes up, so an editor's form opened before the import is refused as stale
        instead of writing over what the file brought.
        """
        if self.parent is None or not (self.creates or self.updates):
            return
        attname = self.parent.attname
        parent_ids = {record.values.get(attname) for record in self.creates}
        parent_ids |= {getattr(instance, attname) for instance in self.updates}
        parent_ids.discard(None)
        manager = self.parent.related_model._default_manager
        for chunk in _chunks(sorted(parent_ids)):
            manager.filter(pk__in=chunk).count_as_saved()

    def _link_rows_of_this_file(self):
        """Self-links to records created by this file: reserve their ids first, then link."""
        writer = BulkWriter(self.model)
        ids = writer.reserve_ids(self.model, len(self.creates))
        slug_attname = self.key_columns[0].attname
        pk_attname = self.model._meta.pk.attname
        new_ids = {}
        for record, pk in zip(self.creates, ids, strict=True):
            record.values[pk_attname] = pk
            new_ids[record.values[slug_attname]] = pk
        for target, attname, slug in self.pending_links:
            if isinstance(target, dict):
                target[attname] = new_ids[slug]
            else:
                setattr(target, attname, new_ids[slug])

    def _plan_new(self, values, present, template):
        """A new row as column values by attname (no model instance): the fast path of a create."""
        record = template.new()
        links = {}
        for column, _position in present:
            if column.name not in values:
                continue
            value = self._new_record_value(column, values[column.name])
            if value is _LEAVE_OUT:
                continue
            if column.kind == "m2m":
                links[column.model_field] = sorted(self._link_targets(column, value))
            else:
                record.update(self._cell_pairs(column, value, record) or ())
        self.creates.append(NewRecord(record, links))

    def _new_record_value(self, column, value):
        """A new record's cell, by the workflow's rule: draft unless the user may publish (a publish
        time is then left out) and draft for an empty status."""
        if column.attribute in WORKFLOW_COLUMNS and not self.may_publish:
            return _LEAVE_OUT if column.attribute == "publish_at" else Status.DRAFT
        if column.attribute == "status" and not value:
            return Status.DRAFT
        return value

    def _link_targets(self, column, slugs):
        """The primary keys of the records a many-to-many cell names."""
        ids = self.link_ids[column.name]
        return {ids[slug] for slug in slugs if slug in ids}

    def _cell_pairs(self, column, value, target):
        """The (attname, value) pairs a cell writes: a date writes its precision too. A link to a
        record the same file creates is queued against ``target`` (an instance or a row dict) and
        gives None: its primary key is set once that record is inserted."""
        if column.kind == "fk":
            ids = self.link_ids[column.name]
            if value is None or value in ids:
                return [(column.attname, None if value is None else ids[value])]
            self.pending_links.append((target, column.attname, value))
            return None
        if column.kind == "date":
            if value is None:
                return [(column.attname, None)]
            return [(column.attname, value.date), (column.precision_attname, value.precision)]
        return [(column.attname, value)]


WORKFLOW_COLUMNS = ("status", "publish_at")
_LEAVE_OUT = object()  # a cell the row does not write


class _ChangedSince(Exception):
    """Records the file relies on were saved by someone else between planning and writing."""


def _asks_to_publish(values):
    """Whether a row's cells ask for more than a draft: a status other than draft, or a publish time."""
    return values.get("status") not in (None, "", Status.DRAFT) or bool(values.get("publish_at"))


class _Defaults:
    """A new record's column values before the file's cells: the model's defaults."""

    def __init__(self, model):
        self.values = {name: value for name, value in model().__dict__.items() if name != "_state"}
        # A callable default (other than an empty dict or list, which are only read) is called per record.
        self.fresh = [
            field
            for field in model._meta.concrete_fields
            if field.has_default() and callable(field.default) and field.default not in (dict, list)
        ]

    def new(self):
        record = self.values.copy()
        for field in self.fresh:
            record[field.attname] = field.get_default()
        return record


@contextmanager
def _cycle_collector_paused():
    """No cyclic garbage collection while a file is planned or written.

    A large file makes millions of long-lived objects (cells, rows, tuples); each
    collection pass would walk all of them again, for no garbage (reference
    counting frees everything an import drops).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _large_cache():
    """On SQLite, a page cache big enough for the write's index pages, for this connection and this write only.

    With the default 2 MB cache a large import spills and re-reads index pages for every row.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
