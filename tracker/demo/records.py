"""The demo's records in our own words: organisations, people, offices, positions, topics, series,
sources, events and statements around the Nara summit."""

from datetime import date

from tracker.models import (
    Event,
    Office,
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
        "title": "Interview with NHK before Lee Jae Myung's visit to Japan",
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

# Quotes as reported: the speaker's slug, or a description of an unnamed one; when; where it was said
# (a recorded event, or in words); the event it is about; the source that carries it.
STATEMENTS = [
    {
        "speaker": "lee-jae-myung",
        "quote": "In the complex situation facing Northeast Asia, Korea and Japan are very important to each other "
        "in that they share common values and orientation, and should complement each other's shortcomings.",
        "said": "Jan 2026",
        "said_at_event": "lee-nhk-interview-2026",
        "about": "lee-takaichi-nara-2026",
        "source": "nhk-interview",
    },
    {
        "speaker": "lee-jae-myung",
        "quote": "In terms of peace and stability in Northeast Asia, talks between North Korea and the U.S. and "
        "between North Korea and Japan are very important.",
        "said": "Jan 2026",
        "said_at_event": "lee-nhk-interview-2026",
        "about": "lee-takaichi-nara-2026",
        "source": "nhk-interview",
    },
    {
        "speaker": "lee-jae-myung",
        "quote": "requires the trust of the Korean people and therefore cannot be resolved in the short term",
        "said": "Jan 2026",
        "said_at_event": "lee-nhk-interview-2026",
        "about": "korea-seafood-import-ban-2013",
        "source": "nhk-interview",
    },
    {
        # Unattributed, and said at no recorded event: Seoul's wish not to take sides in the chill
        # between Tokyo and Beijing that Takaichi's Taiwan remarks set off.
        "speaker_description": "analysts",
        "quote": "Maintaining room to manoeuvre remains central to Lee’s foreign policy calculus.",
        "said_at": "to Reuters",
        "about": "takaichi-taiwan-remarks-2025",
        "source": "reuters-nara",
    },
]
