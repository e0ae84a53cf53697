"""Loading rows into model instances quickly, for the models lists, feeds and exports load by the hundred."""

from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class RowLoading(models.Model):
    """A mixin for a model loaded in bulk: a whole row goes straight into the instance's attributes."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        """A whole row goes straight into the instance's attributes, which is where Model.__init__
        puts it too, field by field through descriptors that have nothing to do on a new instance.

        Lists, feeds, exports and the API load events by the hundred: this halves the Python cost of
        each. Anything else (deferred fields, another column order, a listener on the init signals)
        takes Django's own path.
        """
        attnames = cls._concrete_attnames()
        # Any init listener at all, for any model, sends this one down Django's path: checking the
        # lists is cheaper per row than asking whether one listens to Event.
        if field_names != attnames or pre_init.receivers or post_init.receivers:
            return super().from_db(db, field_names, values)
        instance = cls.__new__(cls)
        instance.__dict__.update(zip(attnames, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        return instance

    @classmethod
    def _concrete_attnames(cls) -> list[str]:
        if "_attnames" not in cls.__dict__:
            cls._attnames = [field.attname for field in cls._meta.concrete_fields]
        return cls._attnames
