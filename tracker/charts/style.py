"""What every chart shares: colours and labels per kind, the font, HTML-escaping and JSON.

Every text a researcher typed (titles, names, places) is HTML-escaped before it reaches the figure,
because Plotly renders a subset of HTML (<b>, <a>, <img>…) in hover labels, tick labels and
annotations.
"""

from collections.abc import Sequence
from html import escape

import orjson

from tracker.models import Event

# A qualitative palette with enough distinct hues for every kind (colour-blind friendly first).
KIND_COLOURS = {
    Event.Kind.BILATERAL_SUMMIT: "#1f5fa8",
    Event.Kind.BILATERAL_MEETING_SIDELINES: "#5a9bd5",
    Event.Kind.MULTILATERAL_SUMMIT: "#e07b00",
    Event.Kind.STATE_VISIT: "#2a9d62",
    Event.Kind.OFFICIAL_VISIT: "#7cc47f",
    Event.Kind.WORKING_VISIT: "#a6d854",
    Event.Kind.PHONE_CALL: "#8e5ea2",
    Event.Kind.VIDEO_CALL: "#c39bd3",
    Event.Kind.MINISTERIAL_MEETING: "#17becf",
    Event.Kind.STATEMENT: "#7f7f7f",
    Event.Kind.INTERVIEW: "#bcbd22",
    Event.Kind.PRESS_CONFERENCE: "#b5a642",
    Event.Kind.JOINT_STATEMENT: "#d62728",
    Event.Kind.AGREEMENT_SIGNING: "#8c564b",
    Event.Kind.SANCTION: "#3b3b3b",
}
KIND_LABELS = dict(Event.Kind.choices)
KIND_ORDER = {kind: index for index, kind in enumerate(KIND_LABELS)}
TERM_COLOURS = ["#1f5fa8", "#d62728", "#2a9d62", "#e07b00", "#8e5ea2", "#17becf"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def to_json(figure: dict) -> bytes:
    """Serialise a figure (dates become ISO strings) with orjson, many times faster than json."""
    return orjson.dumps(figure)


# Joins titles (and names) so that they are escaped in one call; a title cannot contain NUL.
_SEPARATOR = "\x00"


def escaped(texts: Sequence[str]) -> Sequence[str]:
    """The texts HTML-escaped; checked in one pass, since few contain <, > or &."""
    joined = _SEPARATOR.join(texts)
    if "<" not in joined and ">" not in joined and "&" not in joined:
        return texts
    escaped = escape(joined, quote=False).split(_SEPARATOR)
    return escaped if len(escaped) == len(texts) else [escape(text, quote=False) for text in texts]
