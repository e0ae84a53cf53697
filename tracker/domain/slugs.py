"""Slugs, made one way everywhere: the admin (its live preview and the form), every model save and
the importer call `slugify` and `unique_slug` here.

A slug is readable Latin: dashes of any kind separate words ("Lee–Takaichi summit" →
"lee-takaichi-summit"), and other scripts are transliterated by anyascii rather than dropped
("이재명" → "i-jae-myeong", "高市早苗" → "gao-shi-zao-miao"). A slug is never empty, and a new
record never silently takes another record's slug: it gets "-2", "-3"… instead.
"""

import re
from collections.abc import Container

from anyascii import anyascii
from django.db.models import QuerySet
from django.utils.text import slugify as django_slugify

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]")


def _latin(text: str) -> str:
    """The text in ASCII. A character of an uncased script that transliterates to a capitalised
    syllable (Hangul, Han) stands apart as a word, so "이재명" reads "I Jae Myeong", not "IJaeMyeong"."""
    pieces = []
    for character in text:
        if character.isascii():
            pieces.append(character)
            continue
        latin = anyascii(character)
        uncased = character.isalpha() and character.upper() == character.lower()
        pieces.append(f" {latin} " if uncased and latin[:1].isupper() else latin)
    return "".join(pieces)


def slugify(text: str, *, max_length: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens; "" when the text has no letters or digits at all.

    Cut at `max_length` on a word boundary where one is near, never ending on a hyphen.
    """
    slug = django_slugify(_latin(_DASHES.sub("-", str(text or ""))))
    slug = re.sub(r"[-_]+", "-", slug).strip("-")
    if max_length is not None and len(slug) > max_length:
        cut = slug[:max_length]
        boundary = cut.rfind("-")
        slug = (cut[:boundary] if boundary >= max_length // 2 else cut).strip("-")
    return slug


def unique_slug(
    text: str,
    *,
    queryset: QuerySet,
    max_length: int,
    fallback: str,
    field: str = "slug",
    exclude_pk=None,
) -> str:
    """`slugify(text)`, or `fallback` when that is empty, with "-2", "-3"… appended while another
    row of `queryset` (other than `exclude_pk`) already has it. One query whatever the number tried.
    """
    base = slugify(text, max_length=max_length) or slugify(fallback, max_length=max_length) or "item"
    others = queryset.exclude(pk=exclude_pk) if exclude_pk is not None else queryset
    taken = set(others.filter(**{f"{field}__startswith": base[: max_length - 4]}).values_list(field, flat=True))
    return next_free(base, taken, max_length=max_length)


def numbered(base: str, number: int, *, max_length: int) -> str:
    """ "base-<number>", the base shortened as needed to stay within `max_length`."""
    suffix = f"-{number}"
    return base[: max_length - len(suffix)].rstrip("-") + suffix


def next_free(base: str, taken: Container[str], *, max_length: int) -> str:
    """`base` if it is not in `taken`, else the first free of "base-2", "base-3"… within `max_length`."""
    if base not in taken:
        return base
    number = 2
    while numbered(base, number, max_length=max_length) in taken:
        number += 1
    return numbered(base, number, max_length=max_length)


# Where each kind of record takes its slug from: the first choice whose fields all have a value and
# make a slug wins; the fields of one choice are read together (President of KR → "president-kr").
SLUG_SOURCES: dict[str, tuple[tuple[str, ...], ...]] = {
    "event": (("title",),),
    "person": (("name",), ("native_name",)),
    "topic": (("name",),),
    "series": (("name",),),
    "organization": (("acronym",), ("name",)),
    "office": (("title", "country_id"), ("title", "organization"), ("title",)),
}


def slug_text(model_name: str, get) -> str:
    """The text a record of `model_name` takes its slug from; `get(field)` reads a field's value
    (from an instance, a form's cleaned data or a request's parameters)."""
    for fields in SLUG_SOURCES.get(model_name, ()):
        values = [get(field) for field in fields]
        text = " ".join(str(value) for value in values)
        if all(values) and slugify(text):
            return text
    return ""


def fill_blank_slug(instance) -> None:
    """Give a record saved without a slug one made from its name or title, unique among its kind."""
    if getattr(instance, "slug", None):
        return
    meta = instance._meta
    instance.slug = unique_slug(
        slug_text(meta.model_name, lambda field: getattr(instance, field, None)),
        queryset=type(instance)._default_manager.all(),
        max_length=meta.get_field("slug").max_length,
        fallback=meta.model_name,
        exclude_pk=instance.pk,
    )
