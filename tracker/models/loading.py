"""Loading rows into model instances quickly, for the models lists, feeds and exports load by the hundred."""

from django.db import models
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable
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
        each, and a row read without some columns (.defer, .only) is as cheap. Anything else (a
        column that is not a field's, a row without its primary key, a listener on the init signals)
        takes Django's own path.
        """
        # Any init listener at all, for any model, sends this one down Django's path: checking the
        # list is cheaper per row than asking whether one listens to Event.
        if pre_init.receivers or post_init.receivers or not cls._loads_directly(field_names):
            return super().from_db(db, field_names, values)
        return _instance_of_row(cls, db, field_names, values)

    @classmethod
    def _loads_directly(cls, field_names) -> bool:
        """Whether a row of these columns can go straight into __dict__: concrete attribute names
        (Django passes them in the model's own order), the primary key among them. Answered once per
        column list; a query passes the same list object with every row, so the last is checked first."""
        last = cls.__dict__.get("_last_column_list")
        if last is not None and last[0] is field_names:
            return last[1]
        known = cls.__dict__.get("_column_lists")
        if known is None:
            known = cls._column_lists = {}
        key = tuple(field_names)
        if key not in known:
            attnames = {field.attname for field in cls._meta.concrete_fields}
            names = set(key)
            known[key] = cls._meta.pk.attname in names and names <= attnames and len(names) == len(key)
        # One tuple, so a thread reading it never pairs one list with another's answer.
        cls._last_column_list = (field_names, known[key])
        return known[key]


class RowLoadingIterable(ModelIterable):
    """Django's ModelIterable for a RowLoading model, deciding once per query what from_db decides per
    row: when a query reads the model's own columns and nothing else (no joined rows, no
    annotations, no instances to attach, no init listeners), each row becomes an instance without
    from_db's per-row checks or Django's per-row handling of joins and annotations: about 0.2 ms of a
    500-event list at 1M.
    Any other query takes Django's own path, row by row through from_db.
    """

    def __iter__(self):
        queryset = self.queryset
        query = queryset.query
        if query.select_related or query.annotation_select or query.extra_select or queryset._known_related_objects:
            yield from super().__iter__()
            return
        db = queryset.db
        compiler = query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        model = compiler.klass_info["model"]
        names = [column[0].target.attname for column in compiler.select]
        rows = compiler.results_iter(results)
        if pre_init.receivers or post_init.receivers or not model._loads_directly(names):
            for row in rows:
                yield model.from_db(db, names, row)
            return
        for row in rows:
            yield _instance_of_row(model, db, names, row)


def _instance_of_row(model, db: str, field_names, values) -> models.Model:
    """An instance of `model` from a row of its own columns, its primary key among them."""
    instance = model.__new__(model)
    # A deferred field is one missing from the instance's __dict__ (Django's DeferredAttribute loads
    # it on first access), so a row of some columns needs nothing more than its values.
    instance.__dict__.update(zip(field_names, values, strict=True))
    state = instance._state = ModelState()
    state.adding = False
    state.db = db
    return instance


class RowLoadingQuerySet(models.QuerySet):
    """The queryset of a RowLoading model: its instances are built by RowLoadingIterable."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._iterable_class = RowLoadingIterable
