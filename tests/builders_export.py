"""Small builders for export and import tests."""

import csv
import io
from datetime import date

from django.contrib.auth import get_user_model

from tests.factories import create_event
from tracker.domain.dates import parse_partial_date
from tracker.models import Event


def make_event(title: str = "Talks", *, when: str = "13 Jan 2026", published: bool = True, **fields) -> Event:
    period = parse_partial_date(when)
    slug = fields.pop("slug", None) or title.lower().replace(" ", "-").strip("-=+@'")[:60] or "event"
    return create_event(
        title=title,
        slug=slug,
        kind=fields.pop("kind", Event.Kind.BILATERAL_SUMMIT),
        start_date=period.start,
        end_date=period.end,
        date_precision=period.precision,
        is_published=published,
        **fields,
    )


def make_staff(username: str = "staff", *, superuser: bool = True):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True, is_superuser=superuser)
    return user


def csv_rows(body: bytes | str) -> list[dict[str, str]]:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def clear_events() -> None:
    """Delete every event and what hangs on it (participations first: their signal rebuilds countries)."""
    from tracker.models import Citation, EventCountry, Participation, Statement

    Statement.objects.all().delete()
    Citation.objects.all().delete()
    Participation.objects.all().delete()
    EventCountry.objects.all().delete()
    Event.objects.update(parent=None)
    Event.objects.all().delete()


def day(text: str) -> date:
    return date.fromisoformat(text)
