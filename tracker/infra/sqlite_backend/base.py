"""Django's SQLite backend, less a second conversion of dates and booleans read straight from a column.

Django opens SQLite connections with the driver converting values by each column's declared type:
a `date` column's values arrive as `datetime.date`, a `bool` column's as `True`/`False`. Django then
also converts every such value once more, in Python, per row, to the same type. For a column read as
stored (a `Col`) that second pass only checks and returns the value, and it cost 0.2 ms of the 5 ms
a list of one country's year takes at 1M events. Values computed in the query (an aggregate, a
cast, a subquery) carry no declared type, so they keep Django's conversion.
"""

import functools
from datetime import date
from sqlite3 import dbapi2 as Database

from django.db.backends.sqlite3 import base, operations
from django.db.models.expressions import Col
from django.utils.dateparse import parse_date

# Django's DatabaseWrapper.get_connection_params asks the driver to parse these by declared type.
CONVERTED_BY_THE_DRIVER = {"DateField", "BooleanField"}


class DatabaseOperations(operations.DatabaseOperations):
    def get_db_converters(self, expression) -> list:
        converters = super().get_db_converters(expression)
        if isinstance(expression, Col) and expression.output_field.get_internal_type() in CONVERTED_BY_THE_DRIVER:
            repeated = {self.convert_datefield_value, self.convert_booleanfield_value}
            converters = [converter for converter in converters if converter not in repeated]
        return converters


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations


@functools.lru_cache(maxsize=16384)
def _date_from_column(stored: bytes) -> date | None:
    return parse_date(stored.decode())


# The driver's conversion of a `date` column, as Django registers it, but remembered: a list reads the
# same few hundred days again and again, and a cache hit costs a third of parsing (0.1 ms a list of
# 500 events). Dates are immutable, so every row may share one. For every SQLite connection of the
# process, as Django's own registration is.
Database.register_converter("date", _date_from_column)
