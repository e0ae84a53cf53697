"""Scoring a draft against what a researcher would record (tests/drafting_articles.py), field by field."""

FIELDS = ["kind", "date", "place", "host_country", "participants", "roles", "offices", "parent", "quotes", "sources"]


def participants_of(row: dict) -> dict:
    return {
        (item["person"] or f"new:{item['name']}"): (item["role"], item["country"])
        for item in row.get("participants", [])
    }


def quotes_of(document: dict) -> list:
    found = []
    for statement in document["statements"]:
        if statement["speaker"]:
            speaker = statement["speaker"]
        elif statement["speaker_name"]:
            speaker = f"new:{statement['speaker_name']}"
        elif statement["speaker_description"].startswith("unnamed"):
            speaker = None
        else:
            speaker = f"~{statement['speaker_description']}"
        found.append((statement["quote"], speaker))
    return found


def score(document: dict, expect: dict) -> dict[str, bool]:
    """One True or False per field of FIELDS."""
    row = document["rows"][0]
    found_people = participants_of(row)
    quotes = quotes_of(document)
    expected_quotes = expect["quotes"]
    quotes_right = len(quotes) == len(expected_quotes) and all(
        quote.startswith(start) and speaker == want
        for (quote, speaker), (start, want) in zip(quotes, expected_quotes, strict=True)
    )
    return {
        "kind": row.get("kind") == expect["kind"],
        "date": (row.get("start_date"), row.get("end_date"), row.get("date_precision"))
        == (expect["start"], expect["end"], expect["precision"]),
        "place": (row.get("place_name"), row.get("place_country")) == (expect["place_name"], expect["place_country"]),
        "host_country": row.get("host_country") == expect["host_country"],
        "participants": set(found_people) == set(expect["participants"]),
        "roles": found_people == expect["participants"],
        "offices": all(item["office"] for item in row.get("participants", []) if item["person"]),
        "parent": (row.get("parent") or None) == expect.get("_parent_uid"),
        "quotes": quotes_right,
        "sources": expect["sources"] <= {citation["publisher"] for citation in row.get("citations", [])},
    }
