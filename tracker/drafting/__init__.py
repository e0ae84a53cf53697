"""Drafting an event from a pasted news article: the researcher confirms instead of typing.

`draft_event(text, published=…, url=…)` reads the article offline (no network, no statistical
model) and returns a Draft: one row of the event import format, the quotes, the people to propose,
and for every field the words of the article it came from. docs/drafting.md has the rules.
"""

from tracker.drafting.assemble import Draft, draft_event

__all__ = ["Draft", "draft_event"]
