"""Demo data: the facts around the Lee–Takaichi summit in Nara (January 2026), in our own words.

Dates the founding report only hints at come from the public record (see docs/data-model.md);
where a date is known only to the month or the year, it is stored at that precision.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from tracker.domain import publishing
from tracker.domain.dates import parse_partial_date
from tracker.domain.derived import refresh_event_countries
from tracker.models import (
    Citation,
    Country,
    Event,
    Office,
    Organization,
    Participation,
    Person,
    Position,
    Series,
    Source,
    Statement,
    Topic,
)

ORGANIZATIONS = [
    ("Asia-Pacific Economic Cooperation", "APEC", "apec"),
    ("Group of Seven", "G7", "g7"),
]

PEOPLE = [
    ("Lee Jae Myung", "이재명", "lee-jae-myung"),
    ("Shigeru Ishiba", "石破茂", "shigeru-ishiba"),
    ("Sanae Takaichi", "高市早苗", "sanae-takaichi"),
    ("Xi Jinping", "习近平", "xi-jinping"),
    ("Kim Jong-un", "김정은", "kim-jong-un"),
]

OFFICES = [
    ("president-kr", "President", Office.Kind.HEAD_OF_STATE_AND_GOVERNMENT, "KR"),
    ("prime-minister-jp", "Prime Minister", Office.Kind.HEAD_OF_GOVERNMENT, "JP"),
    ("president-cn", "President", Office.Kind.HEAD_OF_STATE, "CN"),
    ("chairman-state-affairs-kp", "Chairman of the State Affairs Commission", Office.Kind.HEAD_OF_STATE, "KP"),
]

POSITIONS = [
    ("lee-jae-myung", "president-kr", date(2025, 6, 4), None),
    ("shigeru-ishiba", "prime-minister-jp", date(2024, 10, 1), date(2025, 10, 21)),
    ("sanae-takaichi", "prime-minister-jp", date(2025, 10, 21), None),
    ("xi-jinping", "president-cn", date(2013, 3, 14), None),
    ("kim-jong-un", "chairman-state-affairs-kp", date(2016, 6, 29), None),
]

TOPICS = [
    ("North Korea", "north-korea", "Pyongyang's nuclear and missile programmes and dialogue with it."),
    ("Abductions", "abductions", "Japanese citizens abducted by North Korea in past decades."),
    ("Artificial intelligence", "artificial-intelligence", "Cooperation on AI research and rules."),
    ("Semiconductors", "semiconductors", "Chip supply chains and industrial cooperation."),
    ("Intellectual property", "intellectual-property", "Protection of patents, designs and trade secrets."),
    ("Business travel", "business-travel", "Easier entry for executives travelling between the two countries."),
    ("Seafood import ban", "seafood-import-ban", "South Korea's ban on seafood from eight Japanese prefectures."),
    ("CPTPP", "cptpp", "The Comprehensive and Progressive Agreement for Trans-Pacific Partnership."),
    ("Wartime history", "wartime-history", "Colonial rule and wartime grievances, including forced sexual slavery."),
    ("Taiwan", "taiwan", "Security around the Taiwan Strait."),
    (
        "Trilateral cooperation",
        "trilateral-cooperation",
        "Coordination among the United States, Japan and South Korea.",
    ),
]

SERIES = [
    (
        "Korea–Japan shuttle diplomacy",
        "korea-japan-shuttle-diplomacy",
        "Reciprocal visits by the leaders of South Korea and Japan, meant to keep regular contact.",
    ),
]

SOURCES = [
    ("reuters-nara", "Reuters", "Report on the Nara summit and the Japan–China chill"),
    ("yonhap-nara", "Yonhap", "Report on Lee's NHK interview and approval rating"),
    ("nhk-interview", "NHK", "Interview with President Lee Jae Myung ahead of his visit to Japan"),
    ("g7-kananaskis", "G7 presidency of Canada", "Leaders' summit in Kananaskis, 15–17 June 2025"),
    ("mofa-japan-korea-2025", "Ministry of Foreign Affairs of Japan", "Japan–Republic of Korea summit meetings, 2025"),
    ("apec-gyeongju", "APEC Secretariat", "Economic Leaders' Meeting in Gyeongju, 31 October – 1 November 2025"),
]

# slug, title, kind, dates as a researcher would type them, place, (lat, lon), host country,
# host organisation, parent slug, series slug, topics, participants (slug, role), party countries,
# summary, sources cited.
EVENTS = [
    {
        "slug": "g7-summit-kananaskis-2025",
        "title": "G7 summit in Kananaskis",
        "kind": Event.Kind.MULTILATERAL_SUMMIT,
        "when": "15–17 Jun 2025",
        "place": ("Kananaskis", "CA", 51.0, -115.0),
        "host_country": "CA",
        "host_organization": "g7",
        "participants": [("lee-jae-myung", "guest"), ("shigeru-ishiba", "participant")],
        "summary": "Annual Group of Seven leaders' summit; South Korea's new president attended as a guest.",
        "sources": ["g7-kananaskis"],
    },
    {
        "slug": "lee-ishiba-kananaskis-2025",
        "title": "Lee Jae Myung and Shigeru Ishiba meet at the G7 summit",
        "kind": Event.Kind.BILATERAL_MEETING_SIDELINES,
        "when": "17 Jun 2025",
        "place": ("Kananaskis", "CA", 51.0, -115.0),
        "parent": "g7-summit-kananaskis-2025",
        "participants": [("lee-jae-myung", "participant"), ("shigeru-ishiba", "participant")],
        "topics": ["north-korea", "trilateral-cooperation"],
        "summary": "First meeting between the two leaders, two weeks after Lee took office.",
        "sources": ["mofa-japan-korea-2025"],
    },
    {
        "slug": "lee-ishiba-tokyo-2025",
        "title": "Lee Jae Myung visits Tokyo for talks with Shigeru Ishiba",
        "kind": Event.Kind.BILATERAL_SUMMIT,
        "when": "23 Aug 2025",
        "place": ("Tokyo", "JP", 35.6762, 139.6503),
        "host_country": "JP",
        "series": "korea-japan-shuttle-diplomacy",
        "participants": [("shigeru-ishiba", "host"), ("lee-jae-myung", "guest")],
        "topics": ["north-korea", "trilateral-cooperation"],
        "summary": "Lee's first visit to Japan as president; the leaders agreed to keep up reciprocal visits.",
        "sources": ["mofa-japan-korea-2025"],
    },
    {
        "slug": "lee-ishiba-busan-2025",
        "title": "Shigeru Ishiba visits Busan for talks with Lee Jae Myung",
        "kind": Event.Kind.BILATERAL_SUMMIT,
        "when": "30 Sep 2025",
        "place": ("Busan", "KR", 35.1796, 129.0756),
        "host_country": "KR",
        "series": "korea-japan-shuttle-diplomacy",
        "participants": [("lee-jae-myung", "host"), ("shigeru-ishiba", "guest")],
        "summary": "Ishiba's return visit weeks before he left office; the third meeting of the two leaders.",
        "sources": ["mofa-japan-korea-2025"],
    },
    {
        "slug": "apec-leaders-meeting-gyeongju-2025",
        "title": "APEC Economic Leaders' Meeting in Gyeongju",
        "kind": Event.Kind.MULTILATERAL_SUMMIT,
        "when": "31 Oct – 1 Nov 2025",
        "place": ("Gyeongju", "KR", 35.8562, 129.2247),
        "host_country": "KR",
        "host_organization": "apec",
        "participants": [("lee-jae-myung", "host"), ("sanae-takaichi", "participant"), ("xi-jinping", "participant")],
        "summary": "South Korea hosted the annual meeting of APEC leaders.",
        "sources": ["apec-gyeongju"],
    },
    {
        "slug": "lee-takaichi-gyeongju-2025",
        "title": "First Lee–Takaichi summit, on the sidelines of APEC",
        "kind": Event.Kind.BILATERAL_MEETING_SIDELINES,
        "when": "30 Oct 2025",
        "place": ("Gyeongju", "KR", 35.8562, 129.2247),
        "host_country": "KR",
        "parent": "apec-leaders-meeting-gyeongju-2025",
        "participants": [("lee-jae-myung", "host"), ("sanae-takaichi", "guest")],
        "summary": "The two leaders' first meeting, nine days after Takaichi became prime minister.",
        "sources": ["mofa-japan-korea-2025", "reuters-nara"],
    },
    {
        "slug": "takaichi-taiwan-remarks-2025",
        "title": "Takaichi remarks that an attack on Taiwan could threaten Japan's survival",
        "kind": Event.Kind.STATEMENT,
        "when": "Nov 2025",
        "place": ("Tokyo", "JP", 35.6762, 139.6503),
        "host_country": "JP",
        "party_countries": ["CN"],
        "participants": [("sanae-takaichi", "speaker")],
        "topics": ["taiwan"],
        "summary": "Remarks in parliament about a possible Chinese attack on Taiwan drew a sharp protest from Beijing.",
        "sources": ["reuters-nara"],
    },
    {
        "slug": "lee-state-visit-china-2026",
        "title": "Lee Jae Myung's state visit to China",
        "kind": Event.Kind.STATE_VISIT,
        "when": "4–7 Jan 2026",
        "place": ("Beijing", "CN", 39.9042, 116.4074),
        "host_country": "CN",
        "participants": [("xi-jinping", "host"), ("lee-jae-myung", "guest")],
        "summary": "A four-day visit with talks with Xi Jinping, days before the summit in Nara.",
        "sources": ["reuters-nara"],
    },
    {
        "slug": "lee-nhk-interview-2026",
        "title": "Lee Jae Myung interviewed by NHK before visiting Japan",
        "kind": Event.Kind.INTERVIEW,
        "when": "Jan 2026",
        "party_countries": ["JP"],
        "participants": [("lee-jae-myung", "interviewee")],
        "topics": ["north-korea", "abductions", "seafood-import-ban"],
        "summary": "Speaking to Japan's public broadcaster, Lee set out his hopes for the Nara summit.",
        "sources": ["nhk-interview", "yonhap-nara"],
    },
    {
        "slug": "lee-takaichi-nara-2026",
        "title": "Lee–Takaichi summit in Nara",
        "kind": Event.Kind.BILATERAL_SUMMIT,
        "when": "13–14 Jan 2026",
        "place": ("Nara", "JP", 34.6851, 135.8048),
        "host_country": "JP",
        "series": "korea-japan-shuttle-diplomacy",
        "participants": [("sanae-takaichi", "host"), ("lee-jae-myung", "guest")],
        "topics": [
            "north-korea",
            "abductions",
            "artificial-intelligence",
            "semiconductors",
            "intellectual-property",
            "business-travel",
            "seafood-import-ban",
            "cptpp",
            "wartime-history",
        ],
        "summary": (
            "Two-day summit in the prime minister's home prefecture, shorter than Lee's visit to China. "
            "Security (North Korea, the abductions) and practical economic cooperation were on the agenda."
        ),
        "outcome": "Modest concrete results; both sides stressed keeping up regular contact.",
        "sources": ["reuters-nara", "yonhap-nara", "nhk-interview"],
    },
    {
        "slug": "korea-seafood-import-ban-2013",
        "title": "South Korea bans seafood imports from eight Japanese prefectures",
        "kind": Event.Kind.SANCTION,
        "when": "2013",
        "host_country": "KR",
        "party_countries": ["JP"],
        "topics": ["seafood-import-ban"],
        "summary": "Imposed over radiation worries after the Fukushima nuclear accident; still in force in 2026.",
        "sources": ["reuters-nara"],
    },
]

# speaker, quote (as reported), medium, said, where said, about, source
STATEMENTS = [
    (
        "lee-jae-myung",
        "In the complex situation facing Northeast Asia, Korea and Japan are very important to each other "
        "in that they share common values and orientation, and should complement each other's shortcomings.",
        "Interview with NHK",
        "Jan 2026",
        "lee-nhk-interview-2026",
        "lee-takaichi-nara-2026",
        "nhk-interview",
    ),
    (
        "lee-jae-myung",
        "In terms of peace and stability in Northeast Asia, talks between North Korea and the U.S. and between "
        "North Korea and Japan are very important.",
        "Interview with NHK",
        "Jan 2026",
        "lee-nhk-interview-2026",
        "lee-takaichi-nara-2026",
        "nhk-interview",
    ),
    (
        "lee-jae-myung",
        "requires the trust of the Korean people and therefore cannot be resolved in the short term",
        "Interview with NHK (on the seafood import ban)",
        "Jan 2026",
        "lee-nhk-interview-2026",
        "korea-seafood-import-ban-2013",
        "nhk-interview",
    ),
]


def _upsert(model, lookup: dict, values: dict):
    """Create the row, or update it only where a value differs, so reloading writes no history."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save()
    return instance, False


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load (or bring up to date) the demo records; running it twice changes nothing."""
    created: dict[str, int] = {}

    def count(label: str, was_created: bool) -> None:
        created[label] = created.get(label, 0) + int(was_created)

    organizations = {}
    for name, acronym, slug in ORGANIZATIONS:
        organizations[slug], new = _upsert(Organization, {"slug": slug}, {"name": name, "acronym": acronym})
        count("organizations", new)
    people = {}
    for name, native, slug in PEOPLE:
        people[slug], new = _upsert(Person, {"slug": slug}, {"name": name, "native_name": native})
        count("people", new)
    offices = {}
    for slug, title, kind, country in OFFICES:
        offices[slug], new = _upsert(Office, {"slug": slug}, {"title": title, "kind": kind, "country_id": country})
        count("offices", new)
    for person, office, start, end in POSITIONS:
        _, new = _upsert(
            Position,
            {"person": people[person], "office": offices[office], "start_date": start},
            {"end_date": end},
        )
        count("positions", new)
    topics = {}
    for name, slug, description in TOPICS:
        topics[slug], new = _upsert(Topic, {"slug": slug}, {"name": name, "description": description})
        count("topics", new)
    series = {}
    for name, slug, description in SERIES:
        series[slug], new = _upsert(Series, {"slug": slug}, {"name": name, "description": description})
        count("series", new)
    sources = {}
    for key, publisher, title in SOURCES:
        sources[key], new = _upsert(Source, {"publisher": publisher, "title": title}, {})
        count("sources", new)

    events = {}
    for spec in EVENTS:
        period = parse_partial_date(spec["when"])
        place_name, place_country, latitude, longitude = spec.get("place", ("", None, None, None))
        values = {
            "title": spec["title"],
            "kind": spec["kind"],
            "start_date": period.start,
            "end_date": period.end,
            "date_precision": period.precision,
            "place_name": place_name,
            "place_country_id": place_country,
            "latitude": _decimal(latitude),
            "longitude": _decimal(longitude),
            "host_country_id": spec.get("host_country"),
            "host_organization": organizations.get(spec.get("host_organization")),
            "parent": events.get(spec.get("parent")),
            "series": series.get(spec.get("series")),
            "summary": spec.get("summary", ""),
            "outcome": spec.get("outcome", ""),
            "lifecycle": Event.Lifecycle.HELD,
        }
        event, new = _upsert(Event, {"slug": spec["slug"]}, values)
        count("events", new)
        events[spec["slug"]] = event
        wanted_topics = {topics[slug].pk for slug in spec.get("topics", [])}
        if set(event.topics.values_list("pk", flat=True)) != wanted_topics:
            event.topics.set(wanted_topics)
        wanted_parties = set(spec.get("party_countries", []))
        if set(event.party_countries.values_list("code", flat=True)) != wanted_parties:
            event.party_countries.set(Country.objects.filter(code__in=wanted_parties))
        for person_slug, role in spec.get("participants", []):
            _, new = _upsert(Participation, {"event": event, "person": people[person_slug]}, {"role": role})
            count("participations", new)
        for source_key in spec.get("sources", []):
            _, new = _upsert(Citation, {"event": event, "source": sources[source_key]}, {})
            count("citations", new)
        if not event.is_published:
            # Created as a draft with its citations, then published under the same rule as any event.
            event.is_published = True
            publishing.approve(event, user=None, was_published=False, citation_count=event.citations.count())
            event.save()
        refresh_event_countries(event)

    for speaker, quote, medium, said, where, about, source_key in STATEMENTS:
        period = parse_partial_date(said)
        statement, new = _upsert(
            Statement,
            {"speaker": people[speaker], "quote": quote},
            {
                "medium": medium,
                "language": "en",
                "said_on": period.start,
                "said_on_precision": period.precision,
                "event": events[where],
                "about_event": events[about],
            },
        )
        count("statements", new)
        _, new = _upsert(Citation, {"statement": statement, "source": sources[source_key]}, {})
        count("citations", new)
    return created


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))
