"""The data version: one counter that retires every cached count when the data changes."""

from django.db import models
from django.db.models import F


class DataVersion(models.Model):
    """One counter that every write able to change what a reader sees raises: the receivers in
    tracker.domain.signals, and the importer, which writes past them.

    Counts over a whole corpus take seconds at a million events, so tracker.queries.summaries keeps them in
    the cache under this number: after any change the next reader counts afresh, and no process ever
    serves counts from before it, whichever cache each app server has.
    """

    ONLY = 1

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.number}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=cls.ONLY).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=cls.ONLY).update(number=F("number") + 1):
            cls.objects.get_or_create(pk=cls.ONLY, defaults={"number": 1})
