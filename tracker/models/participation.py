"""Who took part in an event: the people (Participation) and the countries it involves (EventCountry,
derived from its host, its parties and its participants).
"""

from django.db import models

from tracker.models.events import Event
from tracker.models.history import History
from tracker.models.reference import Country, Organization, Person, Position


class EventCountry(models.Model):
    """Which countries an event involves: its host, its party countries and every country a
    participant represented.

    Derived, never typed: tracker.domain.derived.refresh_event_countries rebuilds the rows whenever an
    event or its participations change. The event's dates are copied here so that "events
    involving KR in 2025" is one index range scan instead of a join.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="country_links")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="event_links")
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["event", "country"]
        constraints = [
            models.UniqueConstraint(fields=["event", "country"], name="event_country_once"),
        ]
        indexes = [
            # "Events involving country X in a window" (EventQuerySet.involving with start/end):
            # country = X AND start_date BETWEEN window start − longest duration AND window end AND
            # end_date >= window start. event_id comes last so the index covers the lookup: the
            # query reads no EventCountry rows, only index entries, then events by primary key.
            models.Index(fields=["country", "start_date", "end_date", "event"], name="event_country_window"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} – {self.country_id}"


class Participation(models.Model):
    class Role(models.TextChoices):
        HOST = "host", "Host"
        GUEST = "guest", "Guest"
        PARTICIPANT = "participant", "Participant"
        SPEAKER = "speaker", "Speaker"
        INTERVIEWEE = "interviewee", "Interviewee"
        INTERVIEWER = "interviewer", "Interviewer"
        SIGNATORY = "signatory", "Signatory"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
        help_text="Office held at the time; filled in from the person's positions when left blank",
    )
    represented_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text="Defaults to the country of the office held on the event's date",
    )
    represented_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )

    history = History()

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="one_participation_per_person_per_event",
                violation_error_message="This person already takes part in this event.",
            ),
        ]
        indexes = [
            # "Events of person X" (person pages, person filter, ordinals).
            models.Index(fields=["person", "event"], name="participation_person_event"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}) at {self.event.title}"
