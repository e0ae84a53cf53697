"""The named measurements of `make bench`, each run in its own child process against one corpus file.

Each is a function of a `Context` that returns a `Result` (bench/harness.py): its own figure, a
reference measured in the same run on the same rows, and the ratio between them. They live by
subject: the reader's pages and lookups (bench/reader_pages.py), the timeline (bench/timelines.py),
the exports and the import (bench/export_import.py); the browser's rows are in bench/browser.py.

Every measurement calls the real code (tracker.queries.selectors, tracker.charts, tracker.exports,
tracker.imports, the /events/, /charts/timeline.json and /api/events/ views).
"""

from collections.abc import Callable

from bench.export_import import csv_export, csv_import, json_export
from bench.harness import Context, Result
from bench.reader_pages import (
    api_latency,
    filter_facets,
    filtered_list,
    home_page,
    window_selector_busiest,
    window_selector_typical,
)
from bench.timelines import (
    timeline_endpoint,
    timeline_endpoint_by_country,
    timeline_endpoint_by_person,
    timeline_endpoint_per_event,
    timeline_figure_large,
    timeline_figure_marks,
)

MEASUREMENTS: dict[str, Callable[[Context], Result]] = {
    "selector, 1 country × 1 year (median country)": window_selector_typical,
    "selector, 1 country × 1 year (busiest country)": window_selector_busiest,
    "filtered list page": filtered_list,
    "home page, unfiltered": home_page,
    "timeline figure, ≤100,000 events": timeline_figure_large,
    "timeline figure, 20,000 marks": timeline_figure_marks,
    "timeline endpoint": timeline_endpoint,
    "timeline endpoint by country": timeline_endpoint_by_country,
    "timeline endpoint by person": timeline_endpoint_by_person,
    "timeline endpoint, one mark per event": timeline_endpoint_per_event,
    "CSV export, all published": csv_export,
    "JSON export, all published": json_export,
    "import": csv_import,
    "API /api/events/": api_latency,
    "filter facets and people search": filter_facets,
}
