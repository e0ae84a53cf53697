"""The domain: who met whom, when, where, in which office, and who says so.

Dates on events and statements are partial dates (see tracker.domain.dates): the stored start/end are the
first and last day of the period the precision covers, so overlap queries need no special cases.

The models live in modules by subject: reference (countries, organisations, people, offices,
topics, series), events (Event, its queryset and kinds), participation (who took part, which
countries an event involves), sources (statements, sources, citations), redirects (the old
addresses of merged events), search (the full-text expressions), version (the data version) and
exportlines (each event's finished CSV export line and JSON row).
Import them from here: `from tracker.models import Event`.
"""

from tracker.models.events import KIND_CODES, Event, EventQuerySet, longest_event_duration
from tracker.models.exportlines import ExportJsonRow, ExportLine, ExportLineFormat
from tracker.models.participation import EventCountry, Participation
from tracker.models.redirects import EventRedirect
from tracker.models.reference import (
    Country,
    DatePrecision,
    DateQualifier,
    Office,
    Organization,
    Person,
    PersonAlias,
    Position,
    Series,
    Topic,
)
from tracker.models.search import EVENT_SEARCH_VECTOR, STATEMENT_SEARCH_VECTOR
from tracker.models.sources import Citation, Source, Statement
from tracker.models.version import DataVersion

__all__ = [
    "EVENT_SEARCH_VECTOR",
    "KIND_CODES",
    "STATEMENT_SEARCH_VECTOR",
    "Citation",
    "Country",
    "DataVersion",
    "DatePrecision",
    "DateQualifier",
    "Event",
    "EventCountry",
    "EventQuerySet",
    "EventRedirect",
    "ExportJsonRow",
    "ExportLine",
    "ExportLineFormat",
    "Office",
    "Organization",
    "Participation",
    "Person",
    "PersonAlias",
    "Position",
    "Series",
    "Source",
    "Statement",
    "Topic",
    "longest_event_duration",
]
