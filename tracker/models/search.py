"""The full-text search expressions: the vectors the GIN indexes of migration 0004 are built on, and
the prefix query each searched word becomes (EventQuerySet.matching_text uses both).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector

# The full-text vectors the GIN indexes in migration 0004 are built on; queries must use the very
# same expressions for PostgreSQL to use the indexes.
EVENT_SEARCH_VECTOR = SearchVector("title", "summary", config="simple")
STATEMENT_SEARCH_VECTOR = SearchVector("quote", config="simple")


def _prefix_query(word: str) -> SearchQuery | None:
    """A tsquery matching every token of `word` as a prefix; None when the word has no letters or digits.

    Only letters and digits reach the raw tsquery syntax, so no user input can inject operators.
    """
    tokens = re.findall(r"[^\W_]+", word.lower())
    if not tokens:
        return None
    return SearchQuery(" & ".join(f"{token}:*" for token in tokens), search_type="raw", config="simple")
