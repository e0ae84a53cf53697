"""The API's serializers: events (a list row and the detail with facts, statements and citations) and
the reference lists (people with their positions, countries, topics, series).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracker.domain.offices import office_when_said
from tracker.models import Country, Event, Participation, Person, Position, Series, Topic


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name", "official_name", "is_former"]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Series
        fields = ["slug", "name", "description"]


class PositionSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="office.title")
    country = serializers.CharField(source="office.country_id", allow_null=True)
    organization = serializers.CharField(source="office.organization.slug", allow_null=True, default=None)
    end_date = serializers.DateField(allow_null=True, help_text="null while in office")

    class Meta:
        model = Position
        fields = ["office", "country", "organization", "start_date", "end_date"]


class PersonSerializer(serializers.ModelSerializer):
    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["slug", "name", "native_name", "positions"]


class ParticipantSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.slug", help_text="The person's slug")
    name = serializers.CharField(source="person.name")
    office = serializers.CharField(source="position.office.title", allow_null=True, default=None)
    country = serializers.CharField(source="represented_country_id", allow_null=True, help_text="Country represented")
    organization = serializers.CharField(source="represented_organization.slug", allow_null=True, default=None)

    class Meta:
        model = Participation
        fields = ["person", "name", "role", "office", "country", "organization"]


class EventRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["uid", "slug", "title"]


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(source="place_name")
    country = serializers.CharField(source="place_country_id", allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class CodesSerializer(serializers.Serializer):
    cameo = serializers.CharField(source="cameo_code", help_text="The kind's CAMEO code (/glossary/#cameo)")
    plover_type = serializers.CharField(help_text="The kind's PLOVER event type (/glossary/#plover)")
    plover_mode = serializers.CharField(help_text="The kind's PLOVER mode (/glossary/#plover)")


class EventSerializer(serializers.ModelSerializer):
    """One event row, built only from what `EventQuerySet.for_listing()` prefetches."""

    kind_label = serializers.CharField(source="get_kind_display")
    codes = CodesSerializer(source="*")

    when = serializers.CharField(
        help_text='The date as its precision and qualifier allow: "13–14 Jan 2026", "c. Oct 2025", "2013?"'
    )
    edtf = serializers.CharField(
        help_text="The period in Extended Date/Time Format (ISO 8601-2), with ~ (approximate), ? (uncertain) "
        "or % (both) after each end when the date is qualified (/glossary/#edtf)"
    )
    place = PlaceSerializer(source="*")
    host_country = serializers.CharField(source="host_country_id", allow_null=True)
    host_organization = serializers.CharField(source="host_organization.slug", allow_null=True, default=None)
    countries = serializers.SerializerMethodField(help_text="Every country the event involves (ISO codes)")
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    series = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    parent = serializers.SerializerMethodField(help_text="The larger event this one was part of, when it is public")
    page = serializers.CharField(source="get_absolute_url", help_text="The event's page on this site")

    class Meta:
        model = Event
        fields = [
            "uid",
            "slug",
            "title",
            "kind",
            "kind_label",
            "codes",
            "lifecycle",
            "start_date",
            "end_date",
            "date_precision",
            "date_qualifier",
            "when",
            "edtf",
            "place",
            "host_country",
            "host_organization",
            "countries",
            "participants",
            "topics",
            "series",
            "parent",
            "summary",
            "outcome",
            "page",
            "updated_at",
        ]
        extra_kwargs = {
            "lifecycle": {"help_text": "Held, announced, postponed or cancelled (/glossary/#lifecycle)"},
            "date_precision": {"help_text": "How much of the date is known: day, month or year (/glossary/#precision)"},
        }

    def get_countries(self, event: Event) -> list[str]:
        return [link.country_id for link in event.country_links.all()]

    @extend_schema_field(EventRefSerializer(allow_null=True))
    def get_parent(self, event: Event) -> dict | None:
        # A published event may sit under a draft; the draft must not show through its child.
        parent = event.parent
        if parent is None or not self.context["visible_parent"](parent):
            return None
        return EventRefSerializer(parent).data


class SourceCitationSerializer(serializers.Serializer):
    publisher = serializers.CharField(source="source.publisher")
    title = serializers.CharField(source="source.title")
    url = serializers.CharField(source="source.url")
    published_on = serializers.DateField(source="source.published_on", allow_null=True)
    excerpt = serializers.CharField()
    locator = serializers.CharField()


class StatementSerializer(serializers.Serializer):
    """A quote. Unattributed quotes have no `speaker` but a `speaker_description`; where it was said
    is `said_at_event` (a recorded event) and/or `said_at` (words), either or both may be empty."""

    speaker = serializers.CharField(source="speaker.slug", allow_null=True, default=None)
    speaker_name = serializers.CharField(source="speaker.name", allow_null=True, default=None)
    speaker_description = serializers.CharField(help_text='Who spoke, when unattributed: "a senior official"')
    attribution = serializers.CharField(help_text='The speaker\'s name, or "unattributed (a senior official)"')
    quote = serializers.CharField()
    language = serializers.CharField()
    said_at = serializers.CharField(help_text='Where or to whom, in words: "an interview with NHK", "to Reuters"')
    said_at_event = EventRefSerializer(
        source="event", allow_null=True, help_text="The recorded event where it was said"
    )
    about_event = EventRefSerializer(allow_null=True, help_text="The event it is about")
    said_on = serializers.CharField(source="when", help_text="As precise as known; empty when unknown")
    citations = SourceCitationSerializer(many=True, read_only=True, help_text="The reports that carry the quote")


class StatementListSerializer(StatementSerializer):
    """A quote in /api/statements/, with the office its speaker held when it was said."""

    office_then = serializers.SerializerMethodField(
        help_text="The speaker's office when it was said (/glossary/#office-then); null when unattributed or undated"
    )

    def get_office_then(self, statement) -> str | None:
        position = office_when_said(statement)
        return str(position.office) if position else None


class EventDetailSerializer(EventSerializer):
    facts = serializers.SerializerMethodField(help_text="Derived facts, e.g. the meeting's ordinal")
    statements = serializers.SerializerMethodField(help_text="Said at this event")
    statements_about = serializers.SerializerMethodField(
        help_text="About this event, wherever it was said: here, at another event, or in words (an interview)"
    )
    citations = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "facts", "statements", "statements_about", "citations"]

    def get_facts(self, event: Event) -> list[str]:
        ordinals = self.context["facts"]["ordinals"]
        return [fact.office_sentence for fact in ordinals if fact.office_sentence] + [
            fact.person_sentence for fact in ordinals
        ]

    @extend_schema_field(StatementSerializer(many=True))
    def get_statements(self, event: Event) -> list[dict]:
        return StatementSerializer(self.context["facts"]["statements"], many=True).data

    @extend_schema_field(StatementSerializer(many=True))
    def get_statements_about(self, event: Event) -> list[dict]:
        return StatementSerializer(self.context["facts"]["statements_about"], many=True).data

    @extend_schema_field(SourceCitationSerializer(many=True))
    def get_citations(self, event: Event) -> list[dict]:
        return SourceCitationSerializer(self.context["facts"]["citations"], many=True).data
