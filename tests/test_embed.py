"""The embeddable timeline: /embed/timeline/ may be framed by this site and the origins in
EMBED_ALLOWED_ORIGINS; every other page keeps refusing frames. Drafts stay out of it."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.builders_api import make_event
from tracker.settings import env_origins

pytestmark = pytest.mark.django_db

NEWSROOM = "https://news.example.org"


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def test_the_embed_may_be_framed_by_the_allowed_origins_only(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = [NEWSROOM, "http://localhost:8001"]
    make_event("Talks in Seoul", countries=["KR"])
    response = client.get("/embed/timeline/?country=KR")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == f"frame-ancestors 'self' {NEWSROOM} http://localhost:8001"
    body = response.content.decode()
    assert 'id="timeline"' in body and '<base target="_top">' in body
    assert 'href="/events/?country=KR"' in body  # the link back to the full list keeps the filter


@pytest.mark.parametrize("path", ["/", "/events/", "/statements/", "/glossary/", "/api/events/", "/events/x/"])
def test_every_other_page_refuses_frames(client, settings, path):
    settings.EMBED_ALLOWED_ORIGINS = [NEWSROOM]
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "frame-ancestors 'none'"


def test_the_embed_shows_no_draft_to_readers(client):
    make_event("Published talks", countries=["KR"], start_date=date(2025, 6, 1))
    make_event("Secret draft talks", published=False, countries=["KR"], start_date=date(2025, 6, 2))
    body = client.get("/embed/timeline/").content.decode()
    assert "Published talks" in body and "Secret draft" not in body


def test_a_bad_filter_in_an_embed_answers_400_with_its_message(client):
    response = client.get("/embed/timeline/?start=someday")
    assert response.status_code == 400
    assert "<code>start</code>" in response.content.decode()
    assert "X-Frame-Options" not in response


def test_list_pages_offer_the_snippet_with_their_filter(client):
    make_event("Talks", countries=["KR"])
    body = client.get("/events/?country=KR").content.decode()
    assert "&lt;iframe src=&quot;" not in body  # the snippet is shown as text, quoted once
    assert '&lt;iframe src="http://testserver/embed/timeline/?country=KR"' in body


def test_allowed_origins_are_read_from_spaces_or_commas_and_refused_when_not_origins(monkeypatch):
    monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", f"{NEWSROOM}, http://localhost:8001  https://a.example:8443")
    assert env_origins("EMBED_ALLOWED_ORIGINS") == [NEWSROOM, "http://localhost:8001", "https://a.example:8443"]
    for bad in ("*", "news.example.org", "https://news.example.org/path", "'none'"):
        monkeypatch.setenv("EMBED_ALLOWED_ORIGINS", bad)
        with pytest.raises(ImproperlyConfigured):
            env_origins("EMBED_ALLOWED_ORIGINS")
