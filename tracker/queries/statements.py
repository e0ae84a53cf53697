"""The quotes a filter selects: `/statements/`, its exports and `/api/statements/` all read
`statements_matching`, so one query string means the same quotes everywhere.

The event filter means what it means on `/events/` (tracker.queries.filters.EventFilter): a quote
matches when the event where it was said or the event it is about is one of the events the filter
selects. Two parameters are about the quote itself: `speaker` (people's slugs, any of them) and `q`
(words that must all be in the quote's text, bounded as every search is: tracker.domain.search).
Visibility is tracker.models.visibility's: a reader sees a quote only when every event it names is
published, and its speaker is then public too.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from tracker.models import Person, Statement
from tracker.models.visibility import sees_drafts
from tracker.queries.filters import EventFilter, FilterCopies, SearchTextFilter, SlugsFilter, event_filter_form_errors
from tracker.queries.selectors import nul_errors, visible_events


class StatementFilter(EventFilter):
    """The event filter, plus the speaker, with `q` read against the quote's text (by the selector)."""

    speaker = SlugsFilter(queryset=Person.objects.all(), to_field_name="slug", method="keep", label="Speakers")
    q = SearchTextFilter(method="keep", label="Text", help_text="Words in the quote")

    READER_CHOICES = {**EventFilter.READER_CHOICES, "speaker": Person}


StatementFilter.base_filters = FilterCopies(StatementFilter.base_filters)

# The parameters read against the quote, not its events: the exports and the API document them.
STATEMENT_PARAMETERS = ("speaker", "q")


@dataclass
class StatementResult:
    """A bound statement filter: the quotes it selects when valid, its field errors when not."""

    filterset: StatementFilter
    statements: QuerySet
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def form(self):
        return self.filterset.form


def statements_matching(params, user) -> StatementResult:
    """The quotes `user` may see that the filter `params` selects, in the order they were said.

    On invalid params `statements` is empty and `errors` maps each bad field to its messages, as
    events_matching does; the two share the NUL check and every field's validation.
    """
    filterset = StatementFilter(params, queryset=visible_events(user), drafts_visible=sees_drafts(user))
    if errors := nul_errors(params):
        return StatementResult(filterset, Statement.objects.none(), errors)
    if not filterset.is_valid():
        return StatementResult(filterset, Statement.objects.none(), event_filter_form_errors(filterset))
    data = filterset.form.cleaned_data
    statements = Statement.objects.visible_to(user).at_or_about(filterset.qs)
    if data.get("speaker"):
        statements = statements.spoken_by(data["speaker"])
    if data.get("q"):
        statements = statements.matching_text(data["q"])
    return StatementResult(filterset, statements.in_order())
