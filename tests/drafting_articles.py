# ruff: noqa: E501  (articles are prose, one paragraph a line, as pasted)
"""Articles for the drafter's tests, written for these tests (invented events, in our own words), with
what a careful researcher would record from each. Names not in the demo data are invented too.

`expect` keys: kind; start, end, precision (None when the text cannot settle the date); place_name,
place_country, host_country (None when empty); participants {slug or "new:Name": (role, country)};
parent (a demo event slug or None); quotes [(first words, speaker slug | "~description")]; sources
(publishers the draft should cite).
"""

ARTICLES = [
    {
        "name": "phone call, yesterday, dateline not the place",
        "published": "2026-03-05",
        "url": "https://english.kyodonews.net/news/2026/03/takaichi-albanese-call.html",
        "text": """Takaichi and Albanese talk minerals by phone

TOKYO, March 5 (Kyodo) - Japanese Prime Minister Sanae Takaichi spoke by phone with Australian Prime Minister Anthony Albanese yesterday, and the two agreed to speed up joint work on critical minerals and port security in the Pacific.

“We share an interest in supply chains that no single country can disrupt,” Takaichi told reporters after the call, which lasted about thirty minutes. Officials in Canberra said the leaders also discussed a visit by Albanese later in the year.
""",
        "expect": {
            "kind": "phone_call",
            "start": "2026-03-04", "end": "2026-03-04", "precision": "day",
            "place_name": None, "place_country": None, "host_country": None,
            "participants": {"sanae-takaichi": ("participant", "JP"), "anthony-albanese": ("participant", "AU")},
            "parent": None,
            "quotes": [("We share an interest", "sanae-takaichi")],
            "sources": {"Kyodo News"},
        },
    },
    {
        "name": "state visit, three days starting Wednesday, ahead",
        "published": "2026-04-06",
        "url": "https://www.france24.com/en/asia/20260406-macron-korea",
        "text": """Macron heads to Seoul for a state visit

PARIS — French President Emmanuel Macron will begin a three-day state visit to South Korea starting Wednesday, the Elysée said on Monday, with talks with President Lee Jae Myung on nuclear power, defence industry and the protection of undersea cables.

“Korea is a partner of the first rank for France in Asia,” an Elysée adviser said, adding that several contracts could be signed during the trip.
""",
        "expect": {
            "kind": "state_visit",
            "start": "2026-04-08", "end": "2026-04-10", "precision": "day",
            "place_name": None, "place_country": "KR", "host_country": "KR",
            "participants": {"emmanuel-macron": ("guest", "FR"), "lee-jae-myung": ("host", "KR")},
            "parent": None,
            "quotes": [("Korea is a partner", "~an Elysée adviser")],
            "sources": {"France 24"},
        },
    },
    {
        "name": "meeting on the sidelines, on Thursday, parent event",
        "published": "2025-10-31",
        "url": "https://en.yna.co.kr/view/AEN20251031000100315",
        "text": """Lee and Takaichi hold first talks in Gyeongju

President Lee Jae Myung met Japanese Prime Minister Sanae Takaichi on Thursday on the sidelines of the APEC summit in Gyeongju, their first meeting since she took office this month, and both promised to keep up shuttle diplomacy.

Lee said the two neighbours should “look squarely at history while building a future-oriented relationship.” Takaichi, for her part, called the talks frank and useful, according to Japanese officials.
""",
        "expect": {
            "kind": "bilateral_meeting_sidelines",
            "start": "2025-10-30", "end": "2025-10-30", "precision": "day",
            "place_name": "Gyeongju", "place_country": "KR", "host_country": "KR",
            "participants": {"lee-jae-myung": ("host", "KR"), "sanae-takaichi": ("guest", "JP")},
            "parent": "apec-leaders-meeting-gyeongju-2025",
            "quotes": [("look squarely at history", "lee-jae-myung")],
            "sources": {"Yonhap News Agency"},
        },
    },
    {
        "name": "multilateral summit, explicit days without a year, new people",
        "published": "2025-11-20",
        "url": "https://www.dailymaverick.co.za/article/2025-11-20-g20-johannesburg/",
        "text": """Leaders converge on Johannesburg

Leaders of the world's largest economies will gather in Johannesburg on 22-23 November for the G20 summit, the first held on African soil, South African President Cyril Ramaphosa announced, promising an agenda built around debt relief and climate finance.

Chinese Premier Li Qiang will lead his country's delegation. Diplomats said several leaders would skip the meeting.
""",
        "expect": {
            "kind": "multilateral_summit",
            "start": "2025-11-22", "end": "2025-11-23", "precision": "day",
            "place_name": "Johannesburg", "place_country": "ZA", "host_country": "ZA",
            "participants": {"new:Cyril Ramaphosa": ("participant", "ZA")},
            "parent": None,
            "quotes": [],
            "sources": {"Daily Maverick"},
        },
    },
    {
        "name": "agreement signing, explicit date with a year",
        "published": "2026-02-04",
        "url": "https://vnexpress.net/korea-vietnam-nuclear-memorandum",
        "text": """Vietnam and South Korea sign nuclear energy memorandum

HANOI — Vietnam and South Korea signed a memorandum on nuclear energy cooperation in Hanoi on February 3, 2026, as Vietnamese Prime Minister Tran Van Hoa and President Lee Jae Myung looked on.

“This memorandum opens a new chapter for clean power in our region,” Hoa said at a joint press briefing.
""",
        "expect": {
            "kind": "agreement_signing",
            "start": "2026-02-03", "end": "2026-02-03", "precision": "day",
            "place_name": "Hanoi", "place_country": "VN", "host_country": "VN",
            "participants": {"new:Tran Van Hoa": ("signatory", "VN"), "lee-jae-myung": ("signatory", "KR")},
            "parent": None,
            "quotes": [("This memorandum opens", "new:Tran Van Hoa")],
            "sources": {"VnExpress"},
        },
    },
    {
        "name": "joint statement, last month",
        "published": "2026-05-10",
        "url": "https://www.inquirer.net/2026/05/10/japan-philippines-statement",
        "text": """Manila and Tokyo pledge closer maritime cooperation

In a joint statement released last month, Prime Minister Sanae Takaichi and Philippine President Rodrigo Santos pledged to expand coast guard exercises and to finish talks on a reciprocal access arrangement before the end of the year.

Analysts said the wording on the South China Sea was firmer than in earlier documents. “The language leaves little room for misreading,” said one regional security analyst.
""",
        "expect": {
            "kind": "joint_statement",
            "start": "2026-04-01", "end": "2026-04-30", "precision": "month",
            "place_name": None, "place_country": None, "host_country": None,
            "participants": {"sanae-takaichi": ("participant", "JP"), "new:Rodrigo Santos": ("participant", "PH")},
            "parent": None,
            "quotes": [("The language leaves", "~one regional security analyst")],
            "sources": {"Philippine Daily Inquirer"},
        },
    },
    {
        "name": "press conference, earlier this week",
        "published": "2026-02-12",
        "url": "https://www.scmp.com/news/china/diplomacy/article/wang-press-conference",
        "text": """Beijing urges Tokyo to retract Taiwan remarks

Chinese Foreign Minister Zhou Ming told a press conference in Beijing earlier this week that relations with Japan could not improve until Tokyo withdrew remarks about Taiwan.

“Words have consequences, and these words have done damage,” Zhou said. He added that China remained open to talks at a working level.

“Nobody in the region gains from this quarrel.”
""",
        "expect": {
            "kind": "press_conference",
            "start": "2026-02-01", "end": "2026-02-28", "precision": "month",
            "place_name": "Beijing", "place_country": "CN", "host_country": "CN",
            "participants": {"new:Zhou Ming": ("speaker", "CN")},
            "parent": None,
            "quotes": [("Words have consequences", "new:Zhou Ming"), ("Nobody in the region", None)],
            "sources": {"South China Morning Post"},
        },
    },
    {
        "name": "interview, on Friday in the past",
        "published": "2026-03-08",
        "url": "https://www.bbc.com/news/world-europe-kovalenko-interview",
        "text": """Ukrainian president says talks must include Europe

In an interview with the BBC broadcast on Friday, Ukrainian President Olena Kovalenko said any ceasefire talks had to include European governments from the start.

“A peace negotiated over our heads would not last a season,” Kovalenko said. She also asked for more air defence systems before the spring.
""",
        "expect": {
            "kind": "interview",
            "start": "2026-03-06", "end": "2026-03-06", "precision": "day",
            "place_name": None, "place_country": None, "host_country": None,
            "participants": {"new:Olena Kovalenko": ("interviewee", "UA")},
            "parent": None,
            "quotes": [("A peace negotiated", "new:Olena Kovalenko")],
            "sources": {"BBC"},
        },
    },
    {
        "name": "statement, today, an unattributed quote",
        "published": "2026-06-01",
        "url": "https://www.koreaherald.com/view.php?ud=20260601000123",
        "text": """Lee condemns missile launch

SEOUL, June 1 — President Lee Jae Myung issued a statement today condemning North Korea's launch of two ballistic missiles into the sea east of the peninsula, calling it a clear breach of Security Council resolutions.

“Provocation will only deepen the North's isolation,” Lee said in the statement.

“We are watching every movement closely and are ready for any contingency.”
""",
        "expect": {
            "kind": "statement",
            "start": "2026-06-01", "end": "2026-06-01", "precision": "day",
            "place_name": None, "place_country": None, "host_country": "KR",
            "participants": {"lee-jae-myung": ("speaker", "KR")},
            "parent": None,
            "quotes": [("Provocation will only", "lee-jae-myung"), ("We are watching", None)],
            "sources": {"The Korea Herald"},
        },
    },
    {
        "name": "ministerial meeting, explicit day without a year, ahead",
        "published": "2026-07-20",
        "url": "https://www.japantimes.co.jp/news/2026/07/20/motegi-cho-tokyo/",
        "text": """Japanese and South Korean foreign ministers to meet in Tokyo

The foreign ministers of Japan and South Korea, Toshimitsu Motegi and Cho Hyun, will meet in Tokyo on July 24 to prepare the next leaders' summit, the Foreign Ministry said.

Officials expect the talks to cover the seafood import ban and youth exchanges.
""",
        "expect": {
            "kind": "ministerial_meeting",
            "start": "2026-07-24", "end": "2026-07-24", "precision": "day",
            "place_name": "Tokyo", "place_country": "JP", "host_country": "JP",
            "participants": {"toshimitsu-motegi": ("host", "JP"), "cho-hyun": ("guest", "KR")},
            "parent": None,
            "quotes": [],
            "sources": {"The Japan Times"},
        },
    },
    {
        "name": "video call, next Tuesday",
        "published": "2026-08-05",
        "url": "https://www.abc.net.au/news/2026-08-05/albanese-lee-video-call",
        "text": """Albanese and Lee to hold video call on defence supplies

Prime Minister Anthony Albanese and South Korean President Lee Jae Myung will hold a video call next Tuesday to discuss joint production of artillery shells and naval vessels, the Prime Minister's office said.

A spokesperson said the call had been planned for weeks.
""",
        "expect": {
            "kind": "video_call",
            "start": "2026-08-11", "end": "2026-08-11", "precision": "day",
            "place_name": None, "place_country": None, "host_country": None,
            "participants": {"anthony-albanese": ("participant", "AU"), "lee-jae-myung": ("participant", "KR")},
            "parent": None,
            "quotes": [],
            "sources": {"ABC"},
        },
    },
    {
        "name": "sanction, last week",
        "published": "2026-09-16",
        "url": "https://asia.nikkei.com/politics/japan-sanctions-banks",
        "text": """Japan widens sanctions on Russian banks

Japan imposed sanctions on five more Russian banks last week, Prime Minister Sanae Takaichi told parliament on Wednesday, freezing their assets in Japan and barring new transactions.

“We will keep raising the cost of aggression,” Takaichi said.
""",
        "expect": {
            "kind": "sanction",
            "start": "2026-09-01", "end": "2026-09-30", "precision": "month",
            "place_name": None, "place_country": None, "host_country": "JP",
            "participants": {"sanae-takaichi": ("participant", "JP")},
            "parent": None,
            "quotes": [("We will keep raising", "sanae-takaichi")],
            "sources": {"Nikkei"},
        },
    },
    {
        "name": "working visit, on Monday, dateline elsewhere",
        "published": "2026-10-14",
        "url": "https://apnews.com/article/korea-canada-cho-ottawa",
        "text": """South Korea's top diplomat visits Ottawa

WASHINGTON (AP) — South Korean Foreign Minister Cho Hyun began a working visit to Canada on Monday, meeting Canadian Foreign Minister Marie Tremblay in Ottawa to discuss critical minerals and liquefied natural gas.

“Canada is a natural partner for our energy security,” Cho told reporters after the talks.
""",
        "expect": {
            "kind": "working_visit",
            "start": "2026-10-12", "end": "2026-10-12", "precision": "day",
            "place_name": "Ottawa", "place_country": "CA", "host_country": "CA",
            "participants": {"cho-hyun": ("guest", "KR"), "new:Marie Tremblay": ("host", "CA")},
            "parent": None,
            "quotes": [("Canada is a natural partner", "cho-hyun")],
            "sources": {"Associated Press"},
        },
    },
    {
        "name": "official visit, weekday with the date, demonym and an office described",
        "published": "2026-02-27",
        "url": "https://www.lanacion.com.ar/politica/milei-japon",
        "text": """Argentine leader to visit Japan

BUENOS AIRES — Argentine President Javier Milei will pay an official visit to Japan on Tuesday, March 3, and hold talks in Tokyo with the Japanese prime minister on lithium, beef exports and a possible investment treaty.

Milei's spokesman said the trip would be short.
""",
        "expect": {
            "kind": "official_visit",
            "start": "2026-03-03", "end": "2026-03-03", "precision": "day",
            "place_name": "Tokyo", "place_country": "JP", "host_country": "JP",
            "participants": {"new:Javier Milei": ("guest", "AR"), "sanae-takaichi": ("host", "JP")},
            "parent": None,
            "quotes": [],
            "sources": {"La Nación"},
        },
    },
]  # fmt: skip

FOUNDING = {
    "kind": "bilateral_summit",
    "start": "2026-01-13", "end": "2026-01-14", "precision": "day",
    "place_name": "Nara", "place_country": "JP", "host_country": "JP",
    "participants": {"lee-jae-myung": ("guest", "KR"), "sanae-takaichi": ("host", "JP")},
    "parent": None,
    "quotes": [
        ("In the complex situation", "lee-jae-myung"),
        ("Maintaining room to manoeuvre", "~analysts"),
        ("In terms of peace and stability", "lee-jae-myung"),
        ("I think it is good", "lee-jae-myung"),
        ("requires the trust", "lee-jae-myung"),
    ],
    "sources": {"NHK", "Yonhap News Agency", "Reuters"},
}  # fmt: skip

# People the articles name who are in the database beside the demo's (slug, name, office slug, title, kind, country, from).
EXTRA_PEOPLE = [
    ("anthony-albanese", "Anthony Albanese", "prime-minister-au", "Prime Minister", "head_of_government", "AU", "2022-05-23"),
    ("emmanuel-macron", "Emmanuel Macron", "president-fr", "President", "head_of_state", "FR", "2017-05-14"),
    ("toshimitsu-motegi", "Toshimitsu Motegi", "foreign-minister-jp", "Foreign Minister", "minister", "JP", "2025-10-21"),
    ("cho-hyun", "Cho Hyun", "foreign-minister-kr", "Foreign Minister", "minister", "KR", "2025-07-21"),
]  # fmt: skip
