"""What a text search may ask: the bounds on `q`, the same on every surface that searches.

Each word of a search is one more condition the database checks against every event's title,
summary and quotes, so a search of thousands of one-letter words held a worker for seconds and then
failed ("Expression tree is too large"). Twenty words and two hundred characters are more than a
whole event title; past them the filter answers 400 naming `q`, before any query runs.
docs/data-model.md says the same to readers.
"""

MAX_SEARCH_WORDS = 20
MAX_SEARCH_CHARACTERS = 200


class SearchTooLong(ValueError):
    """A search past MAX_SEARCH_WORDS words or MAX_SEARCH_CHARACTERS characters."""


def search_words(text: str) -> list[str]:
    """The words of a search, split on whitespace; SearchTooLong when there are too many of them.

    Characters are counted without the whitespace around the words, so a trailing space typed into
    the search box never tips a search over the bound.
    """
    stripped = text.strip()
    words = stripped.split()
    if len(words) > MAX_SEARCH_WORDS or len(stripped) > MAX_SEARCH_CHARACTERS:
        raise SearchTooLong(
            f"A search takes at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_CHARACTERS} characters; "
            f"this one has {len(words):,} words and {len(stripped):,} characters."
        )
    return words
