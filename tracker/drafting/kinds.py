"""Which kind of event an article reports, from the words near its main date. The kinds themselves
are tracker.models.Event.Kind (each with its codes in KIND_CODES); only the words that signal them
are here. Earlier in the text wins; a more specific phrase beats "summit" or "talks" at the same place.
"""

import re

from tracker.models import KIND_CODES

SIGNALS = [
    ("bilateral_meeting_sidelines", r"on the (?:sidelines|margins) of"),
    ("state_visit", r"state visit"),
    ("official_visit", r"official visit"),
    ("working_visit", r"working visit"),
    ("video_call", r"video (?:call|conference|link|talks)|videoconference|virtual (?:meeting|talks|summit)"),
    (
        "phone_call",
        r"(?:tele)?phone (?:call|conversation|talks)|spoke (?:by|on the) (?:tele)?phone|by telephone|phoned",
    ),
    ("joint_statement", r"joint (?:statement|declaration|communiqu[eé])"),
    (
        "agreement_signing",
        r"sign(?:ed|s|ing)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,4}?(?:agreement|accord|treaty|memorandum|deal|pact)",
    ),
    ("sanction", r"sanctions? on|imposed (?:new )?sanctions|(?:import|export) ban|banned imports|export controls"),
    ("press_conference", r"(?:press|news) conference|press briefing"),
    ("interview", r"(?:in|an|gave an?) interview"),
    ("ministerial_meeting", r"(?:foreign|defen[cs]e|trade|finance) ministers\b|ministerial (?:meeting|talks)"),
    ("multilateral_summit", r"(?:G7|G20|APEC|ASEAN|NATO|BRICS|EU|SCO|African Union|leaders[’']?)\s+(?:\w+\s+)?summit"),
    ("bilateral_summit", r"summit|sit down with|held talks|hold talks|met with|talks with|meeting with|will meet"),
    ("statement", r"(?:said|says) in a statement|issued a statement|a statement (?:on|from|by)|statement"),
]
_COMPILED = [(kind, re.compile(rf"\b(?:{words})", re.I)) for kind, words in SIGNALS]
# A kind said after these words is another event ("days after Lee's state visit to China").
_ANOTHER_EVENT = re.compile(r"\b(?:after|following|since|before|ahead of|last|previous|earlier)\b[^.,;]{0,40}$", re.I)
assert all(kind in KIND_CODES for kind, _ in SIGNALS)


def kind_signals(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every signal in text[start:end], left to right, skipping other events'."""
    found = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text, start, end):
            if _ANOTHER_EVENT.search(text[max(start, match.start() - 45) : match.start()]):
                continue
            found.append((match.start(), match.end(), kind))
    found.sort()
    return found


def choose_kind(signals: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The first signal, unless a more specific one (anything but a plain summit or talks) follows."""
    if not signals:
        return None
    specific = [signal for signal in signals if signal[2] not in ("bilateral_summit", "statement")]
    return specific[0] if specific else signals[0]
