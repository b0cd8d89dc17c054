"""The editorial transitions: the one path by which a record changes state.

``draft -> review`` (submit), ``review -> draft`` (request changes, with a
comment), ``review -> published`` (publish, now or at a future ``publish_at``),
``published -> withdrawn`` (withdraw, with a reason) and ``withdrawn -> draft``
(restore). :func:`record_transition` checks the role, locks the row, checks the
state and the revision the caller saw, changes the state, stamps who and when
and writes exactly one :class:`~archive.models.AuditEvent`, all in one
transaction. The admin's buttons and bulk actions, the ``transition`` command
and the API call these functions; nothing else writes ``status``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent
from .workflow import Status


class TransitionError(Exception):
    """A transition that was refused; ``str()`` is the message for the user."""


class TransitionForbidden(TransitionError):
    """The user's role does not allow this transition."""


class TransitionInvalid(TransitionError):
    """The record is not in a state this transition starts from, or input is missing."""


class StaleRecord(TransitionError):
    """Someone else changed the record after the caller last saw it."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str
    done_label: str
    comment_required: bool = False
    comment_label: str = "Comment"

    def permission_for(self, model):
        opts = model._meta
        return f"{opts.app_label}.{self.permission}_{opts.model_name}"


TRANSITIONS = {
    transition.name: transition
    for transition in (
        Transition("submit", "Submit for review", (Status.DRAFT,), Status.REVIEW, "change", "submitted for review"),
        Transition(
            "request_changes",
            "Request changes",
            (Status.REVIEW,),
            Status.DRAFT,
            "review",
            "sent back to draft",
            comment_required=True,
            comment_label="What needs to change",
        ),
        Transition("publish", "Publish", (Status.REVIEW,), Status.PUBLISHED, "publish", "published"),
        Transition(
            "withdraw",
            "Withdraw",
            (Status.PUBLISHED,),
            Status.WITHDRAWN,
            "withdraw",
            "withdrawn",
            comment_required=True,
            comment_label="Reason for withdrawal (shown to readers)",
        ),
        Transition("restore", "Restore to draft", (Status.WITHDRAWN,), Status.DRAFT, "withdraw", "restored to draft"),
    )
}


def may_perform(user, model, action):
    """Whether the user's role allows ``action`` on records of ``model``, whatever their state."""
    transition = TRANSITIONS[action]
    return bool(user and user.is_active and user.has_perm(transition.permission_for(model)))


def may_edit_past_draft(user, model):
    """Whether the user may correct records of ``model`` that are past draft: the review permission."""
    opts = model._meta
    return bool(user and user.is_active and user.has_perm(f"{opts.app_label}.review_{opts.model_name}"))


def may_edit(user, record):
    """Contributors edit drafts; editing a record past draft needs the review permission."""
    opts = record._meta
    if not (user and user.is_active and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")):
        return False
    return record.status == Status.DRAFT or may_edit_past_draft(user, type(record))


def available_transitions(*, record, user):
    """The transitions this user may perform on this record now: the buttons to show."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if record.status in transition.sources and may_perform(user, type(record), transition.name)
    ]


def last_change(record):
    """``(user, time)`` of the latest saved version of ``record``, from its history."""
    version = record.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    if version is None:
        return None, None
    return version.history_user, version.history_date


def stale_message(record):
    user, when = last_change(record)
    who = (user.get_full_name() or user.get_username()) if user else "someone else"
    at = when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if when else "an unknown time"
    return f"{record._meta.verbose_name.capitalize()} “{record}” was changed by {who} at {at}, after you opened it."


def record_transition(
    *, record, action, user, comment="", publish_at=None, expected_revision=None, unchanged_since=None
):
    """Perform ``action`` on ``record`` as ``user``; return the :class:`AuditEvent` written.

    Raises :class:`TransitionForbidden`, :class:`TransitionInvalid` or
    :class:`StaleRecord` and changes nothing when refused. ``expected_revision``
    is the revision the caller saw (a form, a button); when given and no longer
    current, the transition is refused as stale. ``unchanged_since`` (a list's
    load time) refuses it as stale if the record was saved after that.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionInvalid(f"Unknown transition “{action}”. Choose one of: {', '.join(TRANSITIONS)}.")
    model = type(record)
    verbose_name = model._meta.verbose_name
    if not may_perform(user, model, action):
        raise TransitionForbidden(
            f"You may not {transition.label.lower()} {model._meta.verbose_name_plural}: "
            f"that needs the permission {transition.permission_for(model)}."
        )
    comment = (comment or "").strip()
    if publish_at is not None and action == "publish" and publish_at < timezone.now() - dt.timedelta(minutes=1):
        raise TransitionInvalid(
            f"The publish time {publish_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC is in the past: "
            "leave it empty to publish now, or choose a future time to schedule."
        )
    if transition.comment_required and not comment:
        raise TransitionInvalid(f"{transition.label} needs a {transition.comment_label.lower()}.")
    with transaction.atomic(using=record._state.db):
        locked = model._default_manager.select_for_update().get(pk=record.pk)
        if expected_revision is not None and int(expected_revision) != locked.revision:
            raise StaleRecord(stale_message(locked) + " Nothing was changed; reload the page.")
        if unchanged_since is not None and locked.updated_at > unchanged_since:
            raise StaleRecord(stale_message(locked) + " Nothing was changed; reload the list.")
        if locked.status not in transition.sources:
            sources = " or ".join(Status(source).label.lower() for source in transition.sources)
            raise TransitionInvalid(
                f"Cannot {transition.label.lower()} “{locked}”: it is {Status(locked.status).label.lower()}, "
                f"and only a {verbose_name} that is {sources} can be."
            )
        now = timezone.now()
        from_status = locked.status
        locked.status = transition.target
        locked.status_changed_at = now
        locked.status_changed_by = user
        if action == "publish":
            locked.publish_at = publish_at or now
            locked.withdrawn_at = None
            locked.withdrawal_reason = ""
        elif action == "withdraw":
            locked.withdrawn_at = now
            locked.withdrawal_reason = comment
        elif action == "restore":
            locked.publish_at = None
            locked.withdrawn_at = None
            locked.withdrawal_reason = ""
        locked._history_user = user
        locked._change_reason = f"{transition.label}: {comment}" if comment else transition.label
        locked.save()
        event = AuditEvent.objects.create(
            record=locked,
            object_repr=str(locked)[:400],
            action=action,
            from_status=from_status,
            to_status=transition.target,
            user=user,
            at=now,
            comment=comment,
            publish_at=locked.publish_at if action == "publish" else None,
        )
    for field in ("status", "status_changed_at", "status_changed_by_id", "publish_at", "withdrawn_at"):
        setattr(record, field, getattr(locked, field))
    record.withdrawal_reason = locked.withdrawal_reason
    record.revision = locked.revision
    record.updated_at = locked.updated_at
    return event


def record_submit(*, record, user, comment="", expected_revision=None):
    return record_transition(
        record=record, action="submit", user=user, comment=comment, expected_revision=expected_revision
    )


def record_request_changes(*, record, user, comment, expected_revision=None):
    return record_transition(
        record=record, action="request_changes", user=user, comment=comment, expected_revision=expected_revision
    )


def record_publish(*, record, user, publish_at=None, comment="", expected_revision=None):
    return record_transition(
        record=record,
        action="publish",
        user=user,
        comment=comment,
        publish_at=publish_at,
        expected_revision=expected_revision,
    )


def record_withdraw(*, record, user, reason, expected_revision=None):
    return record_transition(
        record=record, action="withdraw", user=user, comment=reason, expected_revision=expected_revision
    )


def record_restore(*, record, user, comment="", expected_revision=None):
    return record_transition(
        record=record, action="restore", user=user, comment=comment, expected_revision=expected_revision
    )


def records_transition(*, records, action, user, comment="", publish_at=None, unchanged_since=None):
    """Apply one transition to many records, each in its own transaction.

    Returns ``(done, refused)``: the records changed, and ``(record, reason)`` for the others.
    """
    done, refused = [], []
    for record in records:
        try:
            record_transition(
                record=record,
                action=action,
                user=user,
                comment=comment,
                publish_at=publish_at,
                unchanged_since=unchanged_since,
            )
        except TransitionError as error:
            refused.append((record, str(error)))
        else:
            done.append(record)
    return done, refused
