"""Who says so: statements made at or about events, the sources that report them, and the citations
that tie a source to an event or a statement.
"""

from django.db import models
from django.db.models import Q

from tracker.domain.dates import format_period
from tracker.models.events import Event
from tracker.models.history import History
from tracker.models.reference import DatePrecision, Person
from tracker.models.visibility import StatementQuerySet


class Statement(models.Model):
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="statements")
    quote = models.TextField()
    language = models.CharField(
        max_length=10, default="en", help_text="Language of the quote as given, e.g. en, ko, ja"
    )
    medium = models.CharField(max_length=200, blank=True, help_text='e.g. "Interview with NHK"')
    said_on = models.DateField(null=True, blank=True)
    said_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statements",
        help_text="Where it was said (e.g. the interview)",
    )
    about_event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements_about",
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
        ]

    def __str__(self) -> str:
        short = self.quote if len(self.quote) <= 60 else self.quote[:57] + "…"
        return f"{self.speaker}: “{short}”"

    @property
    def when(self) -> str:
        if self.said_on is None:
            return ""
        return format_period(self.said_on, self.said_on, self.said_on_precision)


class Source(models.Model):
    """A published document: a news report, a communiqué, a transcript."""

    publisher = models.CharField(max_length=200, help_text="e.g. Reuters, Yonhap, NHK")
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)

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
