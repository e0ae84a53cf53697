"""Who says so: statements made at or about events, the sources that report them, and the citations
that tie a source to an event or a statement.
"""

from typing import Self

from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q

from tracker.domain.dates import format_period
from tracker.domain.search import search_words
from tracker.models import visibility
from tracker.models.events import Event
from tracker.models.history import History
from tracker.models.reference import DatePrecision, Person, Position
from tracker.models.search import STATEMENT_SEARCH_VECTOR, _prefix_query

# Words that may open a `said_at` phrase as typed ("to Reuters", "on X", "at a press briefing"); any
# other opening ("an interview with NHK") reads after "said in".
_PREPOSITIONS = frozenset(
    {"about", "aboard", "after", "ahead", "at", "before", "behind", "by", "during", "for", "from", "in"}
    | {"inside", "into", "on", "over", "through", "to", "via", "within", "without"}
)


def said_where_text(said_at: str) -> str:
    """`said_at` as it reads after "said": "in an interview with NHK", "to Reuters"; "" when empty."""
    text = said_at.strip()
    if not text:
        return ""
    return text if text.split(maxsplit=1)[0].lower() in _PREPOSITIONS else f"in {text}"


def said_when_text(said_on, precision: str) -> str:
    """When a quote was said, at its precision ("13 Jan 2026", "Jan 2026"); "" when undated."""
    return "" if said_on is None else format_period(said_on, said_on, precision)


def positions_with_offices() -> models.QuerySet:
    """Positions with what a quote's office then shows of each (the office, its country or body)."""
    return Position.objects.select_related("office__country", "office__organization")


def _outnumber_the_quotes(events: models.QuerySet, db: str) -> bool:
    """Whether `events` are at least as many as all the quotes: counted no further than that."""
    quotes = Statement._base_manager.using(db).count()
    return events.order_by()[:quotes].count() >= quotes


class StatementQuerySet(visibility.StatementQuerySet):
    """Quotes, read like sentences: `Statement.objects.visible_to(user).at_or_about(events)`. What a
    reader may see is decided in tracker.models.visibility, never here."""

    def at_or_about(self, events: models.QuerySet) -> Self:
        """Quotes said at one of `events` or about one of them (an Event queryset, read as a subquery).

        The two links are asked apart and their quotes united, not as `event IN (ids) OR about_event IN
        (ids)`: once the events outgrow PostgreSQL's work_mem it cannot hash an IN list inside an OR,
        and scans the whole list again for every quote (minutes for the 950,000 events of a
        whole-archive JSON export). Alone, each IN is a join either engine plans well at any size.

        SQLite walks such a list event by event, looking up each one's quotes: 6-7 s for the 950,000
        events of the whole archive, on every /statements/ page and JSON export. When the events are
        at least as many as all the quotes, it asks of each quote instead whether its events are
        among them (0.3-0.5 s there), which a narrow filter would pay for (0.25 s against 0.02 s for
        the 501 events of one country in one year, with 100,000 quotes).
        """
        if connections[self.db].vendor == "sqlite" and _outnumber_the_quotes(events, self.db):
            events = events.order_by()
            said_at = Exists(events.filter(pk=OuterRef("event_id")))
            said_about = Exists(events.filter(pk=OuterRef("about_event_id")))
            return self.filter(said_at | said_about)
        ids = events.order_by().values("pk")
        said_at = Statement.objects.filter(event__in=ids).order_by().values("pk")
        said_about = Statement.objects.filter(about_event__in=ids).order_by().values("pk")
        return self.filter(pk__in=said_at.union(said_about))

    def spoken_by(self, people) -> Self:
        """Quotes by any of `people` (Person rows); unattributed quotes have no speaker to match."""
        return self.filter(speaker__in=[person.pk for person in people])

    def matching_text(self, text: str) -> Self:
        """Quotes whose text holds every word: at most MAX_SEARCH_WORDS words (tracker.domain.search),
        else SearchTooLong. On PostgreSQL each word is a prefix query on the statement_search GIN
        index ("summ" finds "summit"), as the event search reads quotes; on SQLite, or for a word of
        punctuation alone, a case-insensitive substring."""
        qs = self
        full_text = connections[qs.db].vendor == "postgresql"
        for word in search_words(text):
            query = _prefix_query(word) if full_text else None
            if query is None:
                qs = qs.filter(quote__icontains=word)
            else:
                qs = qs.alias(document=STATEMENT_SEARCH_VECTOR).filter(document=query)
        return qs

    def in_order(self) -> Self:
        """In the order they were said; quotes of unknown date last on every database."""
        return self.order_by(F("said_on").asc(nulls_last=True), "id")

    def for_listing(self) -> Self:
        """Everything a listed quote shows, in a fixed number of queries: speaker and the offices they
        held (for the office held then), both events, the sources."""
        return self.select_related("speaker", "event__place_country", "about_event").prefetch_related(
            Prefetch("speaker__positions", queryset=positions_with_offices()),
            "citations__source",
        )


def keep_if_said_at_another_event(collector, field, sub_objs, using) -> None:
    """on_delete for `about_event`: a quote said at another event stays there and forgets what it was
    about; a quote with nowhere else to be (no event where it was said, or said at the event being
    deleted) goes with the event, and comes back with it on restore (tracker.domain.editorial)."""
    kept = [statement for statement in sub_objs if statement.event_id not in (None, statement.about_event_id)]
    gone = [statement for statement in sub_objs if statement.event_id in (None, statement.about_event_id)]
    if kept:
        models.SET_NULL(collector, field, kept, using)
    if gone:
        models.CASCADE(collector, field, gone, using)


class Statement(models.Model):
    """A quote: who said it (or a description of an unnamed speaker), where and when it was said, and
    the event it is about.

    Where it was said is `event` (an event in the tracker, e.g. the NHK interview) and/or `said_at`
    (free text, e.g. "an interview with NHK"); both may be empty when only the event it is about is
    known. `about_event` is the event the quote speaks of. At least one of `event` and `about_event`
    is set; exactly one of `speaker` and `speaker_description` is.
    """

    speaker = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="Blank for an unattributed quote; describe the speaker instead",
    )
    speaker_description = models.CharField(
        "unattributed speaker",
        max_length=200,
        blank=True,
        help_text='Who spoke, when no one is named: "a senior official", "analysts"',
    )
    quote = models.TextField()
    language = models.CharField(
        max_length=10, default="en", help_text="Language of the quote as given, e.g. en, ko, ja"
    )
    said_at = models.CharField(
        "said where (in words)",
        max_length=200,
        blank=True,
        help_text='Where or to whom, as it reads after "said": "in an interview with NHK", "to Reuters", '
        '"at a press briefing". "in" is added when it opens with no such word.',
    )
    said_on = models.DateField(null=True, blank=True)
    said_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name="said at (an event)",
        help_text="The recorded event where it was said (e.g. the interview), if there is one",
    )
    about_event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=keep_if_said_at_another_event,
        related_name="statements_about",
        verbose_name="about",
        help_text="The event it is about (e.g. the summit it looked ahead to)",
    )

    history = History()

    # Statement.objects.visible_to(user): shown only when every event it names is (tracker.models.visibility).
    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["said_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(about_event__isnull=False),
                name="statement_tied_to_an_event",
                violation_error_message="A statement needs the event where it was said or the event it is about.",
            ),
            models.CheckConstraint(
                condition=Q(speaker__isnull=False, speaker_description="")
                | (Q(speaker__isnull=True) & ~Q(speaker_description="")),
                name="statement_speaker_or_description",
                violation_error_message=(
                    "Choose the speaker, or leave it blank and describe an unattributed one "
                    "(“a senior official”), not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        short = self.quote if len(self.quote) <= 60 else self.quote[:57] + "…"
        return f"{self.attribution}: “{short}”"

    @property
    def attribution(self) -> str:
        """The speaker's name, or "unattributed (a senior official)"."""
        if self.speaker_id is not None:
            return self.speaker.name
        return f"unattributed ({self.speaker_description})"

    @property
    def said_where(self) -> str:
        return said_where_text(self.said_at)

    @property
    def when(self) -> str:
        return said_when_text(self.said_on, self.said_on_precision)


class Source(models.Model):
    """A published document: a news report, a communiqué, a transcript."""

    publisher = models.CharField(max_length=200, help_text="e.g. Reuters, Yonhap, NHK")
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)

    history = History()

    class Meta:
        ordering = ["publisher", "title"]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}" if self.title else self.publisher


class Citation(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="citations")
    excerpt = models.TextField(blank=True, help_text="What the source says, in short")
    locator = models.CharField(max_length=200, blank=True, help_text="Paragraph, page or timestamp")

    history = History()

    class Meta:
        ordering = ["source__publisher", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(statement__isnull=False),
                name="citation_supports_something",
                violation_error_message="A citation supports an event or a statement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}"
