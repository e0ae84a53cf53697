"""A title for the drafted event in the house style ("Lee–Takaichi summit in Nara"), from what was
found; the researcher edits it like any other suggestion."""

import re

from tracker.drafting.people import PersonMention

TITLE_LIMIT = 300


def short_name(mention: PersonMention, used: set[str]) -> str:
    """The part of the name the article uses alone ("Lee", "Takaichi"), else the last word."""
    parts = mention.name.split()
    for part in (parts[0], parts[-1]) if parts else ():
        if part in used:
            return part
    return parts[-1] if parts else mention.name


def make_title(
    *,
    kind: str,
    people: list[PersonMention],
    used_forms: set[str],
    place: str,
    country_name: str,
    outlet: str,
    parent: str,
    signal: str,
    headline: str,
) -> str:
    names = [short_name(mention, used_forms) for mention in people]
    pair = "–".join(names[:3])
    first_full = people[0].name if people else ""
    at = f" in {place}" if place else (f" in {country_name}" if country_name else "")
    titles = {
        "bilateral_summit": f"{pair} summit{at}" if len(names) >= 2 else "",
        "bilateral_meeting_sidelines": f"{pair} meeting on the sidelines of {parent or 'a summit'}"
        if len(names) >= 2
        else "",
        "ministerial_meeting": f"{pair} ministerial talks{at}" if len(names) >= 2 else "",
        "multilateral_summit": f"{signal[:1].upper()}{signal[1:]}{at}" if signal else "",
        "phone_call": f"{pair} phone call" if len(names) >= 2 else "",
        "video_call": f"{pair} video call" if len(names) >= 2 else "",
        "interview": f"{first_full} interview with {outlet}" if first_full and outlet else "",
        "press_conference": f"{first_full} press conference{at}" if first_full else "",
        "statement": f"Statement by {first_full}" if first_full else "",
        "joint_statement": f"{pair} joint statement" if len(names) >= 2 else "",
        "agreement_signing": f"{pair} sign agreement{at}" if len(names) >= 2 else "",
    }
    if kind in ("state_visit", "official_visit", "working_visit") and first_full and country_name:
        visit = kind.replace("_", " ")
        titles[kind] = f"{first_full}’s {visit} to {country_name}"
    title = titles.get(kind) or re.sub(r"\s+", " ", headline).strip()
    return title[:TITLE_LIMIT]
