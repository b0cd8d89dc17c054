"""Keep a person's search entry current when its name variants change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from modelsearch import index

from .models import PersonName


@receiver(post_save, sender=PersonName)
@receiver(post_delete, sender=PersonName)
def reindex_person(sender, instance, raw=False, **kwargs):
    if raw:
        return
    person = type(instance).person.field.related_model.objects.filter(pk=instance.person_id).first()
    if person is not None:
        index.insert_or_update_object(person)
