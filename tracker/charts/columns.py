"""The timeline's events as columns: one list per field, the same length, in the events' order.

tracker.queries.timeline_data.timeline_rows builds them straight from the database's tuples and tracker.charts reads
them a whole column at a time (map, itemgetter, compress), so 20,000 events cost a few passes in C
rather than a dict each and dozens of lookups per dict.
"""

from dataclasses import dataclass, field
from datetime import date

from tracker.domain.edtf import EXACT

# The fields read in one query, in its column order; people and countries come from two more.
FETCHED = ("pk", "slug", "title", "kind", "start_date", "end_date", "date_precision")
# Read in the same query, after FETCHED; columns built without it hold exact dates only.
QUALIFIER = "date_qualifier"


@dataclass
class EventColumns:
    """Events as columns: pk, slug, title, kind, start_date and end_date (dates; a month- or
    year-precision event spans its whole period), date_precision, people (each event's participants'
    names, in entry order), countries (names of every involved country, ordered by code) and
    country_codes; the lists of names are empty for an event with none. date_qualifier holds each
    date's qualifier (tracker.domain.edtf), or is empty when every date is exact.

    `counted` holds the rows a heat map needs in place of events that were only counted in the
    database (timeline_data._counted_rows): dicts of lane, start_date, unit, marks and weight.
    """

    pk: list[int] = field(default_factory=list)
    slug: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    start_date: list[date] = field(default_factory=list)
    end_date: list[date] = field(default_factory=list)
    date_precision: list[str] = field(default_factory=list)
    people: list[list[str]] = field(default_factory=list)
    countries: list[list[str]] = field(default_factory=list)
    country_codes: list[list[str]] = field(default_factory=list)
    date_qualifier: list[str] = field(default_factory=list)
    counted: list[dict] = field(default_factory=list)

    def __len__(self) -> int:
        """The events held as columns (not those only counted)."""
        return len(self.pk)

    def row(self, index: int) -> dict:
        """One event as a dict of its fields (for templates: the table under the chart). The date's
        qualifier is there only when the date is not exact, as readers of a row expect its fields."""
        qualifier = self.date_qualifier[index] if self.date_qualifier else EXACT
        row = {
            "pk": self.pk[index],
            "slug": self.slug[index],
            "title": self.title[index],
            "kind": self.kind[index],
            "start_date": self.start_date[index],
            "end_date": self.end_date[index],
            "date_precision": self.date_precision[index],
            "people": self.people[index],
            "countries": self.countries[index],
            "country_codes": self.country_codes[index],
        }
        if qualifier != EXACT:
            row["date_qualifier"] = qualifier
        return row

    def head(self, count: int) -> list[dict]:
        """The first `count` events as dicts."""
        return [self.row(index) for index in range(min(count, len(self)))]
