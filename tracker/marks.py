"""Short public keys for timeline marks.

A mark must lead to its event, and a slug per mark would double the figure's size. Primary keys
are short but sequential: the gaps between published events' keys would tell a reader that drafts
exist and roughly how many. So each mark carries its primary key passed through a keyed bijection
of 32-bit integers (multiplications by odd numbers and xor-shifts, seeded from SECRET_KEY): as
short as the key, invertible by the server, and with no visible order or gaps.
"""

import hashlib
from functools import cache

from django.conf import settings

_MASK = (1 << 32) - 1


@cache
def _constants(secret: str) -> tuple[int, int, int, int, int]:
    digest = hashlib.sha256(b"diplomacy-tracker timeline mark keys\0" + secret.encode()).digest()
    first, second, mask = (int.from_bytes(digest[i : i + 4], "big") for i in (0, 4, 8))
    first, second = first | 1, second | 1  # odd, so invertible modulo 2**32
    return first, second, mask, pow(first, -1, 1 << 32), pow(second, -1, 1 << 32)


def mark_key(pk: int) -> int:
    """The public key of the event with primary key `pk` (0 ≤ pk < 2**32)."""
    if not 0 <= pk <= _MASK:
        raise ValueError(f"primary key {pk} does not fit a 32-bit mark key")
    first, second, mask, _, _ = _constants(settings.SECRET_KEY)
    value = (pk * first) & _MASK
    value ^= value >> 16
    return ((value * second) & _MASK) ^ mask


def mark_keys(pks: list[int]) -> list[int]:
    """mark_key for many events at once (the timeline's marks), with the constants looked up once."""
    first, second, mask, _, _ = _constants(settings.SECRET_KEY)
    keys = []
    for pk in pks:
        value = (pk * first) & _MASK
        value ^= value >> 16
        keys.append(((value * second) & _MASK) ^ mask)
    return keys


def event_pk(key: int) -> int | None:
    """The primary key behind a mark key, or None for a number that is not one."""
    if not 0 <= key <= _MASK:
        return None
    _, _, mask, first_inverse, second_inverse = _constants(settings.SECRET_KEY)
    value = ((key ^ mask) * second_inverse) & _MASK
    value ^= value >> 16
    return (value * first_inverse) & _MASK
