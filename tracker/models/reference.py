"""Reference data that events point at: countries, organisations, people and the offices they hold,
topics and series; and the date precisions that events and statements share.
"""

from datetime import date

from django.db import models
from django.db.models import F, Q

from tracker.domain.dates import DAY, MONTH, YEAR
from tracker.domain.edtf import APPROXIMATE, EXACT, UNCERTAIN, UNCERTAIN_APPROXIMATE
from tracker.domain.identities import fold_name
from tracker.models.history import History
from tracker.models.identifiers import unique_wikidata_qid, wikidata_field
from tracker.models.visibility import OrganizationQuerySet, PersonQuerySet, SeriesQuerySet, TopicQuerySet


class DatePrecision(models.TextChoices):
    DAY = DAY, "Day"
    MONTH = MONTH, "Month"
    YEAR = YEAR, "Year"


class DateQualifier(models.TextChoices):
    """How sure the date is, for the whole period: EDTF level 1's ~, ? and % (tracker.domain.edtf)."""

    EXACT = EXACT, "Exact (as the sources give it)"
    APPROXIMATE = APPROXIMATE, "Approximate (c. Jan 2026; EDTF ~)"
    UNCERTAIN = UNCERTAIN, "Uncertain (Jan 2026?; EDTF ?)"
    UNCERTAIN_APPROXIMATE = UNCERTAIN_APPROXIMATE, "Uncertain and approximate (c. Jan 2026?; EDTF %)"


class Country(models.Model):
    """An ISO 3166-1 country; a former state under its ISO 3166-3 alpha-2 code (SU, YU, DD, CS, AN);
    or an entity under a user-assigned code (XK Kosovo, XS Serbia and Montenegro): see
    docs/data-model.md for the codes the tracker assigns itself."""

    code = models.CharField(
        max_length=2,
        primary_key=True,
        help_text="ISO 3166-1 alpha-2 code; a former state keeps its old code; otherwise a user-assigned "
        "code from XA–XZ (the tracker uses XK for Kosovo and XS for Serbia and Montenegro)",
    )
    name = models.CharField(max_length=100, help_text="Short name used in the interface, e.g. South Korea")
    official_name = models.CharField(max_length=200, blank=True)
    is_former = models.BooleanField(default=False, help_text="A state that no longer exists")
    valid_from = models.DateField(null=True, blank=True, help_text="When the state came into being, if it matters")
    valid_until = models.DateField(null=True, blank=True, help_text="When a former state ceased to exist")
    wikidata_qid = wikidata_field()

    # Imports and the admin leave a trail (docs/data-model.md, "History").
    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [unique_wikidata_qid("country")]

    def __str__(self) -> str:
        return self.name

    @property
    def name_in_sentence(self) -> str:
        """The name as it reads inside an English sentence: "the United States", "the Philippines",
        "the Republic of Korea", but "Japan" and "South Korea"."""
        return name_in_sentence(self.name)


# Names that take "the" although no word of them says so: plurals and names used with the article.
_NAMES_WITH_THE = {"bahamas", "comoros", "gambia", "maldives", "netherlands", "philippines", "seychelles", "congo"}
# A name with one of these words is a description ("the Republic of…", "the United…", "the … Islands").
_WORDS_WITH_THE = {"republic", "kingdom", "united", "states", "union", "federation", "emirates", "islands", "isles"}


def name_in_sentence(name: str) -> str:
    """A country's name with "the" before it where English puts one. Inverted catalogue names
    ("Korea, Republic of") and names that already start with an article are left as they are."""
    lowered = name.lower()
    if "," in name or lowered.startswith("the ") or not name:
        return name
    words = set(lowered.replace("(", " ").replace(")", " ").split())
    if lowered in _NAMES_WITH_THE or lowered.startswith("holy see") or words & _WORDS_WITH_THE:
        return f"the {name}"
    return name


class Organization(models.Model):
    """International organisations and groupings that host summits or take part in events."""

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    wikidata_qid = wikidata_field()

    # Organization.objects.visible_to(user): public through a published event (tracker.models.visibility).
    objects = OrganizationQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["name"]
        constraints = [unique_wikidata_qid("organization")]

    def __str__(self) -> str:
        return self.acronym or self.name


class Person(models.Model):
    name = models.CharField(max_length=200, help_text="Name as usually written in English")
    native_name = models.CharField(max_length=200, blank=True, help_text="Name in native script")
    slug = models.SlugField(max_length=100, unique=True)
    born = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    wikidata_qid = wikidata_field()

    # Person.objects.visible_to(user): public through a published event (tracker.models.visibility).
    objects = PersonQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [unique_wikidata_qid("person")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/people/{self.slug}/"


class PersonAlias(models.Model):
    """Another spelling under which a person is known ("Kim Dae Jung", "Ri Jae-myung").

    `key` is the folded spelling (tracker.domain.identities.fold_name), kept on every save, so the
    importer and the admin search find a person by any spelling through one indexed column.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, help_text="Another spelling of the name, as written")
    key = models.CharField(max_length=200, editable=False)

    history = History()

    class Meta:
        ordering = ["person__name", "name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "key"],
                name="person_alias_unique_spelling",
                violation_error_message="This person already has this alias (spelt alike).",
            ),
        ]
        indexes = [
            # "Who is known as this name?" (the importer's and the admin's name lookups).
            models.Index(fields=["key"], name="person_alias_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = fold_name(self.name)
        super().save(*args, **kwargs)


class Office(models.Model):
    """An office that successive people hold: "Prime Minister of Japan" outlives each holder."""

    class Kind(models.TextChoices):
        HEAD_OF_STATE = "head_of_state", "Head of state"
        HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
        HEAD_OF_STATE_AND_GOVERNMENT = "head_of_state_and_government", "Head of state and government"
        MINISTER = "minister", "Minister"
        ENVOY = "envoy", "Envoy"
        OFFICIAL = "official", "Official"
        ORGANIZATION_LEADER = "organization_leader", "Leader of an organisation"

    LEADER_KINDS = (Kind.HEAD_OF_STATE, Kind.HEAD_OF_GOVERNMENT, Kind.HEAD_OF_STATE_AND_GOVERNMENT)

    title = models.CharField(max_length=120, help_text='e.g. "Prime Minister", "President", "Foreign Minister"')
    kind = models.CharField(max_length=40, choices=Kind.choices)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="offices")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="offices"
    )
    slug = models.SlugField(max_length=150, unique=True)

    history = History()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False) ^ Q(organization__isnull=False),
                name="office_belongs_to_country_or_organization",
                violation_error_message="An office belongs to exactly one country or one organisation.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} of {self.holder_in_sentence}"

    @property
    def holder_in_sentence(self) -> str:
        """Whose office it is, as a sentence says it: "the United States", "Japan", "ASEAN"."""
        return self.country.name_in_sentence if self.country_id else str(self.organization)

    @property
    def is_leader(self) -> bool:
        return self.kind in self.LEADER_KINDS


class Position(models.Model):
    """A person holding an office from start_date to end_date; a blank end means still in office."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="positions")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Blank while the person is in office")

    history = History()

    class Meta:
        ordering = ["person__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="position_ends_after_it_starts",
                violation_error_message="A position cannot end before it starts.",
            ),
        ]
        indexes = [
            # "Which office did this person hold on this date?" (ordinals, participation defaults).
            models.Index(fields=["person", "start_date"], name="position_person_start"),
            # "Who held this office on this date?" (meetings with holders of an office).
            models.Index(fields=["office", "start_date"], name="position_office_start"),
        ]

    def __str__(self) -> str:
        until = self.end_date.isoformat() if self.end_date else "present"
        return f"{self.person}, {self.office} ({self.start_date.isoformat()} – {until})"

    def held_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class Topic(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    # Topic.objects.visible_to(user): public through a published event (tracker.models.visibility).
    objects = TopicQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/topics/{self.slug}/"


class Series(models.Model):
    """A run of related meetings, e.g. "Korea–Japan shuttle diplomacy"."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    # Series.objects.visible_to(user): public through a published event (tracker.models.visibility).
    objects = SeriesQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/series/{self.slug}/"
