"""A JSON array written a chunk at a time: each item on its own line, commas between items across
chunks, and nothing for an empty chunk. The event JSON export's rows and quotes, the quotes' own
download and TimelineJS's slides are all written this way."""

from collections.abc import Iterable, Iterator


def array_items(chunks: Iterable[list[bytes]]) -> Iterator[bytes]:
    """The items of `chunks` (serialised JSON values) as the inside of an array, one piece per chunk;
    the caller writes the brackets and the line break before the closing one."""
    separator = b"\n"
    for items in chunks:
        if items:
            yield separator + b",\n".join(items)
            separator = b",\n"
