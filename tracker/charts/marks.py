"""Short public keys for timeline marks.

A mark must lead to its event, and a slug per mark would double the figure's size. Primary keys
are short but sequential: the gaps between published events' keys would tell a reader that drafts
exist and roughly how many. So each mark carries its primary key passed through a keyed bijection
of 32-bit integers (multiplications by odd numbers and xor-shifts, seeded from SECRET_KEY): as
short as the key, invertible by the server, and with no visible order or gaps.
"""

import hashlib
import sys
from array import array
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


def mark_keys(pks: list[int]) -> array:
    """mark_key for many events at once (the timeline's marks), as unsigned 32-bit integers.

    Each step runs on every key at once: the keys are lanes of one big integer, 64 bits wide for the
    multiplications so that no product carries into the next lane, and each operation on that
    integer is one pass in C. 20,000 keys cost about a millisecond instead of four in a Python loop.
    """
    if not pks:
        return array("I")
    try:
        keys = array("I", pks)
    except OverflowError:
        raise ValueError("a primary key does not fit a 32-bit mark key") from None
    if keys.itemsize != 4:
        raise RuntimeError("this platform's array('I') is not 32 bits wide")
    first, second, mask, _, _ = _constants(settings.SECRET_KEY)
    count = len(keys)
    keys = _low_words(_number(_widened(keys)) * first, count)
    value = _number(keys)
    value ^= (value >> 16) & _repeated(0xFFFF, count)
    keys = _low_words(_number(_widened(_words(value, count))) * second, count)
    return _words(_number(keys) ^ _repeated(mask, count), count)


def _number(words: array) -> int:
    """The 32-bit words as one integer, word 0 lowest."""
    if sys.byteorder == "big":
        words = array("I", words)
        words.byteswap()
    return int.from_bytes(words, "little")


def _words(number: int, count: int) -> array:
    """A non-negative integer below 2**(32 * count) as `count` 32-bit words, word 0 lowest."""
    words = array("I", number.to_bytes(4 * count, "little"))
    if sys.byteorder == "big":
        words.byteswap()
    return words


def _widened(words: array) -> array:
    """Each word followed by a zero word: one 64-bit lane per word."""
    wide = array("I", bytes(8 * len(words)))
    wide[::2] = words
    return wide


def _low_words(number: int, count: int) -> array:
    """Each of `count` 64-bit lanes modulo 2**32."""
    return _words(number, 2 * count)[::2]


def _repeated(word: int, count: int) -> int:
    """`word` in each of `count` 32-bit lanes."""
    return int.from_bytes(word.to_bytes(4, "little") * count, "little")


def event_pk(key: int) -> int | None:
    """The primary key behind a mark key, or None for a number that is not one."""
    if not 0 <= key <= _MASK:
        return None
    _, _, mask, first_inverse, second_inverse = _constants(settings.SECRET_KEY)
    value = ((key ^ mask) * second_inverse) & _MASK
    value ^= value >> 16
    return (value * first_inverse) & _MASK
