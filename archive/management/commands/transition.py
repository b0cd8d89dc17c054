"""Move a record through the editorial workflow from the shell.

    python manage.py transition document SLUG publish --user alice [--at 2026-12-01T09:00Z]
    python manage.py transition person SLUG withdraw --user alice --comment "Duplicate of kim-min-jun"
    python manage.py transition meeting SLUG submit --user bob

MODEL is document, meeting or person (or app_label.model). ACTION is one of
submit, request_changes, publish, withdraw, restore. The same service
function as the admin buttons runs, with the same role checks, and writes the
same audit event. request_changes and withdraw need --comment.
"""

import datetime as dt

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from archive.transitions import TRANSITIONS, TransitionError, record_transition

MODELS = {"document": "archive.Document", "meeting": "meetings.Meeting", "person": "people.Person"}


class Command(BaseCommand):
    help = "Perform one editorial transition on one record, as a named user."

    def add_arguments(self, parser):
        parser.add_argument("model", help="document, meeting or person")
        parser.add_argument("slug", help="The record's slug.")
        parser.add_argument("action", choices=sorted(TRANSITIONS))
        parser.add_argument("--user", required=True, help="Username of the person acting; their role is checked.")
        parser.add_argument("--comment", default="", help="Comment; the reason when withdrawing.")
        parser.add_argument("--at", default=None, help="For publish: when it becomes public (ISO 8601, UTC if naive).")

    def handle(self, *args, model, slug, action, user, comment, at, **options):
        try:
            model_class = apps.get_model(MODELS.get(model.lower(), model))
        except (LookupError, ValueError) as error:
            raise CommandError(f"Unknown model “{model}”: use document, meeting or person.") from error
        record = model_class._default_manager.filter(slug=slug).first()
        if record is None:
            raise CommandError(f"No {model_class._meta.verbose_name} with slug “{slug}”.")
        acting = get_user_model()._default_manager.filter(username=user).first()
        if acting is None:
            raise CommandError(f"No user named “{user}”.")
        publish_at = None
        if at:
            publish_at = parse_datetime(at)
            if publish_at is None:
                raise CommandError(f"--at “{at}” is not a date and time such as 2026-12-01T09:00Z.")
            if publish_at.tzinfo is None:
                publish_at = publish_at.replace(tzinfo=dt.UTC)
        try:
            event = record_transition(record=record, action=action, user=acting, comment=comment, publish_at=publish_at)
        except TransitionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{model_class._meta.verbose_name.capitalize()} “{record}”: {event.from_status} -> {event.to_status} "
            f"by {acting.get_username()} at {event.at:%Y-%m-%d %H:%M:%S} UTC."
        )
