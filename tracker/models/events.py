"""Events: the Event model, the EventQuerySet every list reads through, the kinds' CAMEO and PLOVER
codes, and the date-window and full-text conditions the queryset builds on.
"""

import functools
import uuid
from datetime import date

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Exists, F, OuterRef, Prefetch, Q

from tracker.domain.dates import format_period, shifted
from tracker.domain.edtf import qualified_edtf, qualified_text
from tracker.domain.search import search_words
from tracker.models.history import History
from tracker.models.identifiers import unique_wikidata_qid, wikidata_field
from tracker.models.loading import RowLoading, RowLoadingQuerySet
from tracker.models.reference import Country, DatePrecision, DateQualifier, Organization, Series, Topic
from tracker.models.search import EVENT_SEARCH_VECTOR, STATEMENT_SEARCH_VECTOR, _prefix_query
from tracker.models.visibility import sees_drafts

# Each kind's event codes in the CAMEO and PLOVER ontologies: (CAMEO, PLOVER event type, PLOVER mode).
# PLOVER codes actions, not speech acts, so plain statements and interviews have no PLOVER type.
KIND_CODES: dict[str, tuple[str, str, str]] = {
    "bilateral_summit": ("040", "CONSULT", "visit"),
    "bilateral_meeting_sidelines": ("044", "CONSULT", "third-party"),
    "multilateral_summit": ("044", "CONSULT", "multilateral"),
    "state_visit": ("042/043", "CONSULT", "visit"),
    "official_visit": ("042/043", "CONSULT", "visit"),
    "working_visit": ("042/043", "CONSULT", "visit"),
    "phone_call": ("041", "CONSULT", "phone"),
    "video_call": ("041", "CONSULT", "phone"),
    "ministerial_meeting": ("040", "CONSULT", "visit"),
    "statement": ("010", "", ""),
    "interview": ("010", "", ""),
    "press_conference": ("010", "", ""),
    "joint_statement": ("050", "COOPERATE", ""),
    "agreement_signing": ("057", "AGREE", ""),
    "sanction": ("163", "SANCTION", ""),
}


def event_path(slug: str) -> str:
    """An event's page on this site: Event.get_absolute_url, and every export's address of an event
    (tracker.exports.identifiers.event_url)."""
    return f"/events/{slug}/"


def longest_event_duration(*, drafts: bool = True) -> int:
    """The longest end_date − start_date stored, in days (0 when there are no events).

    With drafts=False, the longest of the published events: the bound for readers who see nothing
    else, so a draft dated 0001–2100 (ready or not) never widens their window queries.

    Served by the event_duration index: one index probe, or, for published events only, a walk down
    that index that stops at the first published event.
    """
    using = router.db_for_read(Event)
    sql, params = _longest_duration_query(using, drafts=drafts)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else 0


@functools.cache
def _longest_duration_query(using: str, *, drafts: bool) -> tuple[str, tuple]:
    """longest_event_duration's query, built through the ORM once per process and database: it holds
    nothing of a request, and building it took five times as long as running it (0.25 of the 0.3 ms
    every reader's dated filter spent on it)."""
    events = Event.objects.all() if drafts else Event.objects.published()
    longest_first = events.order_by("-duration_days").values_list("duration_days")[:1]
    return longest_first.query.get_compiler(using).as_sql()


def _overlap_conditions(start: date | None, end: date | None, longest: int | None = None) -> Q:
    """start_date <= end AND end_date >= start, plus start_date >= start − longest duration.

    Holds for Event and for EventCountry, which carries copies of its event's dates. `longest` is
    longest_event_duration() when the caller already has it (one query per request, not per use);
    it must be at least the longest duration among the rows filtered. The lower bound stops at the
    first day the tracker stores (1 Jan 0001), where it excludes nothing.
    """
    condition = Q()
    if start:
        if longest is None:
            longest = longest_event_duration()
        condition &= Q(end_date__gte=start, start_date__gte=shifted(start, -longest))
    if end:
        condition &= Q(start_date__lte=end)
    return condition


def _full_text_condition(word: str, quotes: models.QuerySet) -> Q | None:
    """Events whose title or summary, or one of `quotes` said at or about them, has every token of
    `word` as a prefix; None when the word has no letters or digits."""
    query = _prefix_query(word)
    if query is None:
        return None
    in_event = Event.objects.alias(document=EVENT_SEARCH_VECTOR).filter(document=query).values("pk")
    quoted = quotes.alias(document=STATEMENT_SEARCH_VECTOR).filter(document=query)
    # One IN over a UNION lets PostgreSQL read each GIN index once and look the events up by key,
    # where an OR of EXISTS would scan every event.
    matching = in_event.union(
        quoted.filter(event__isnull=False).values("event_id"),
        quoted.filter(about_event__isnull=False).values("about_event_id"),
    )
    return Q(pk__in=matching)


class EventQuerySet(RowLoadingQuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(is_published=True)

    def visible_to(self, user) -> "EventQuerySet":
        """Everything for staff; published events only for anyone else, signed in or not."""
        return self if sees_drafts(user) else self.published()

    def hidden_from(self, user) -> "EventQuerySet":
        """What visible_to leaves out: nothing for staff, the drafts for anyone else."""
        return self.none() if sees_drafts(user) else self.filter(is_published=False)

    def between(self, start: date | None, end: date | None, *, longest: int | None = None) -> "EventQuerySet":
        """Events whose [start_date, end_date] overlaps [start, end]; a missing bound is open.

        A partial date overlaps when any day of its period does, so "Oct 2025" is in a window
        that ends on 5 Oct 2025. The extra lower bound on start_date (window start minus the
        longest stored duration) lets the index on start_date do the work instead of a scan.
        `longest` saves the query for that duration when the caller already knows it.
        """
        return self.filter(_overlap_conditions(start, end, longest))

    def involving(
        self,
        country_codes: list[str],
        *,
        match_all: bool = False,
        start: date | None = None,
        end: date | None = None,
        longest: int | None = None,
    ) -> "EventQuerySet":
        """Events involving any (or, with match_all, every) of the countries, as host or party.

        With `start`/`end` it also keeps only events overlapping that window, the same rows as
        `.involving(codes).between(start, end)`, but the window is applied to EventCountry, which
        carries the event's dates: the database reads the country's events in the window from the
        (country, start_date, end_date) index and fetches only those events by primary key, instead
        of walking the window of all events and probing each one for the country.
        """
        if not country_codes:
            return self
        window = _overlap_conditions(start, end, longest)
        if match_all:
            qs = self
            for code in country_codes:
                qs = qs.filter(pk__in=EventCountry.objects.filter(window, country_id=code).values("event_id"))
            return qs
        if len(country_codes) == 1:
            links = EventCountry.objects.filter(window, country_id=country_codes[0])
        else:
            links = EventCountry.objects.filter(window, country_id__in=country_codes)
        return self.filter(pk__in=links.values("event_id"))

    def with_any_person(self, person_slugs: list[str]) -> "EventQuerySet":
        if not person_slugs:
            return self
        return self.filter(Exists(Participation.objects.filter(event=OuterRef("pk"), person__slug__in=person_slugs)))

    def with_every_person(self, person_slugs: list[str]) -> "EventQuerySet":
        """Events in which every one of the people took part: the meetings between them."""
        qs = self
        for slug in dict.fromkeys(person_slugs):
            qs = qs.filter(Exists(Participation.objects.filter(event=OuterRef("pk"), person__slug=slug)))
        return qs

    def matching_text(self, text: str, *, drafts_visible: bool = False) -> "EventQuerySet":
        """Events whose title, summary or a quote said at or about them matches every word.

        The quotes read are those a reader may see (Statement.objects.public(): every event the
        quote names is published), or every quote with `drafts_visible`, as staff see them; so a
        search never finds a published event by words only a draft's quote holds. At most
        MAX_SEARCH_WORDS words and MAX_SEARCH_CHARACTERS characters (tracker.domain.search), else
        SearchTooLong.

        On PostgreSQL each word is a prefix query ("summ" finds "summit") against full-text
        vectors with the 'simple' configuration (no stemming, no stop words, so names in any
        language match as typed), served by the GIN indexes event_search and statement_search.
        On SQLite, which has no such index here, each word is a case-insensitive substring match.
        """
        qs = self
        quotes = Statement.objects.all() if drafts_visible else Statement.objects.public()
        full_text = connections[qs.db].vendor == "postgresql"
        for word in search_words(text):
            condition = _full_text_condition(word, quotes) if full_text else None
            if condition is None:
                # SQLite, or a "word" of punctuation alone that a text index cannot hold.
                said = quotes.filter(Q(event=OuterRef("pk")) | Q(about_event=OuterRef("pk"))).filter(
                    quote__icontains=word
                )
                condition = Q(title__icontains=word) | Q(summary__icontains=word) | Exists(said)
            qs = qs.filter(condition)
        return qs

    def list_rows(self) -> "EventQuerySet":
        """Only the columns a list of events shows (Event.LIST_ROW_FIELDS): under half of each row,
        and none of the timestamps and identifiers that cost a conversion per row. Surfaces that
        show more (an event's page, the API, the feed) read whole rows."""
        return self.only(*Event.LIST_ROW_FIELDS)

    def for_event_table(self) -> "EventQuerySet":
        """What a row of the event table shows beyond its own columns (its place's country, its
        participants, its countries), fetched in a fixed number of queries whatever the row count.
        Read with list_rows(): the table shows no host, series, parent or topics, so none is joined
        or fetched."""
        return self.select_related("place_country").prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person").order_by("id")),
            _country_links_prefetch(),
        )

    def for_listing(self) -> "EventQuerySet":
        """Everything an event's page or the API shows of its references, fetched in a fixed number of
        queries whatever the row count."""
        return self.select_related(
            "host_country", "host_organization", "place_country", "series", "parent"
        ).prefetch_related(
            "topics",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "person", "represented_country", "represented_organization", "position__office__country"
                ).order_by("id"),
            ),
            _country_links_prefetch(),
        )


def _country_links_prefetch() -> Prefetch:
    return Prefetch("country_links", queryset=EventCountry.objects.select_related("country").order_by("country_id"))


class Event(RowLoading, models.Model):
    class Kind(models.TextChoices):
        BILATERAL_SUMMIT = "bilateral_summit", "Bilateral summit"
        BILATERAL_MEETING_SIDELINES = "bilateral_meeting_sidelines", "Bilateral meeting on the sidelines"
        MULTILATERAL_SUMMIT = "multilateral_summit", "Multilateral summit"
        STATE_VISIT = "state_visit", "State visit"
        OFFICIAL_VISIT = "official_visit", "Official visit"
        WORKING_VISIT = "working_visit", "Working visit"
        PHONE_CALL = "phone_call", "Phone call"
        VIDEO_CALL = "video_call", "Video call"
        MINISTERIAL_MEETING = "ministerial_meeting", "Ministerial meeting"
        STATEMENT = "statement", "Statement"
        INTERVIEW = "interview", "Interview"
        PRESS_CONFERENCE = "press_conference", "Press conference"
        JOINT_STATEMENT = "joint_statement", "Joint statement"
        AGREEMENT_SIGNING = "agreement_signing", "Agreement signing"
        SANCTION = "sanction", "Sanction or trade restriction"

    # Kinds in which leaders meet face to face: these count as "summits" in derived ordinals.
    MEETING_KINDS = (
        Kind.BILATERAL_SUMMIT,
        Kind.BILATERAL_MEETING_SIDELINES,
        Kind.STATE_VISIT,
        Kind.OFFICIAL_VISIT,
        Kind.WORKING_VISIT,
    )

    class Lifecycle(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        HELD = "held", "Held"
        POSTPONED = "postponed", "Postponed"
        CANCELLED = "cancelled", "Cancelled"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Stable identifier")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    start_date = models.DateField(help_text="First day of the period the date precision covers")
    end_date = models.DateField(help_text="Last day; equal to start_date for a one-day event")
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    date_qualifier = models.CharField(
        max_length=21,
        choices=DateQualifier.choices,
        default=DateQualifier.EXACT,
        # Also the database's default, so rows written by plain SQL (benchmark corpora, bulk loads) are exact.
        db_default=DateQualifier.EXACT,
        help_text="Whether the date is as the sources give it, approximate (c. Jan 2026), uncertain (Jan 2026?) "
        "or both; EDTF level 1's ~, ? and %",
    )
    duration_days = models.PositiveIntegerField(
        default=0, editable=False, help_text="end_date − start_date, kept so window queries can bound start_date"
    )
    place_name = models.CharField(max_length=200, blank=True)
    place_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="events_placed"
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    host_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="events_hosted"
    )
    host_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="events_hosted"
    )
    party_countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="events_as_party",
        help_text="Countries party to the event without a named participant, e.g. the target of a ban",
    )
    party_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="events_as_party", help_text="Organisations party to the event"
    )
    summary = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    wikidata_qid = wikidata_field()
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The larger event this one was held on the sidelines of, or part of",
    )
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    lifecycle = models.CharField(max_length=10, choices=Lifecycle.choices, default=Lifecycle.HELD)
    is_published = models.BooleanField(default=False, help_text="Drafts are seen by staff only")
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = History(m2m_fields=[topics, party_countries])

    # What a row of an event list shows (templates/tracker/_event_table.html: dates, title, draft and
    # status badges, kind, place); the primary key comes too.
    LIST_ROW_FIELDS = (
        "title",
        "slug",
        "kind",
        "start_date",
        "end_date",
        "date_precision",
        "date_qualifier",
        "place_name",
        "place_country",
        "lifecycle",
        "is_published",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "id"]
        permissions = [("publish_event", "Can publish and unpublish events")]
        constraints = [
            unique_wikidata_qid("event"),
            models.CheckConstraint(
                condition=Q(date_qualifier__in=DateQualifier.values),
                name="event_date_qualifier_known",
                violation_error_message="The date's qualifier is exact, approximate, uncertain or both.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="event_ends_on_or_after_start",
                violation_error_message="An event cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__isnull=False)
                    & Q(longitude__isnull=False)
                    & Q(latitude__gte=-90)
                    & Q(latitude__lte=90)
                    & Q(longitude__gte=-180)
                    & Q(longitude__lte=180)
                ),
                name="event_coordinates_valid",
                violation_error_message="Give both latitude (−90…90) and longitude (−180…180), or neither.",
            ),
        ]
        indexes = [
            # Date-window listings of all events: start_date <= window_end AND end_date >= window_start.
            models.Index(fields=["start_date", "end_date"], name="event_window"),
            # Readers' listings: published events in a window (the anonymous default). Partial, because
            # Django writes the published test as a bare "WHERE is_published", which SQLite cannot use as
            # an index key but matches to this index's condition. The other columns make it covering
            # (SQLite wants is_published itself in the index for that), so counting a reader's window,
            # its first and last day, the timeline's heat map or events per month never reads the table.
            models.Index(
                fields=["start_date", "end_date", "kind", "date_precision", "is_published"],
                condition=models.Q(is_published=True),
                name="event_published_dates",
            ),
            # Kind filter with a window, e.g. all phone calls in 2025. Covering for the timeline heat
            # map's GROUP BY kind over a window, and (with lifecycle) for derived.meetings(): the
            # meetings matrix and the ordinals pick meeting kinds that were held or scheduled.
            models.Index(
                fields=["kind", "start_date", "end_date", "is_published", "lifecycle"], name="event_kind_window"
            ),
            # The map's places: only events with coordinates, grouped by place (covering).
            models.Index(
                fields=["latitude", "longitude", "place_name", "is_published"],
                condition=models.Q(latitude__isnull=False),
                name="event_places",
            ),
            # MAX(duration_days) bounds start_date from below in window queries.
            models.Index(fields=["duration_days"], name="event_duration"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.when})"

    def save(self, *args, **kwargs) -> None:
        if self.start_date and self.end_date:
            self.duration_days = max((self.end_date - self.start_date).days, 0)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return event_path(self.slug)

    @property
    def when(self) -> str:
        """The date as readers see it, qualifier included: "13–14 Jan 2026", "c. Oct 2025", "2013?"."""
        return qualified_text(format_period(self.start_date, self.end_date, self.date_precision), self.date_qualifier)

    @property
    def edtf(self) -> str:
        return qualified_edtf(self.start_date, self.end_date, self.date_precision, self.date_qualifier)

    @property
    def cameo_code(self) -> str:
        return KIND_CODES[self.kind][0]

    @property
    def plover_type(self) -> str:
        return KIND_CODES[self.kind][1]

    @property
    def plover_mode(self) -> str:
        return KIND_CODES[self.kind][2]


# Imported last, because these models point at Event: the queryset above reads them only when it
# runs, and Django keeps registering the models in the order they have always been created.
from tracker.models.participation import EventCountry, Participation  # noqa: E402
from tracker.models.sources import Statement  # noqa: E402
