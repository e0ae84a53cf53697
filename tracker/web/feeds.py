"""An Atom feed of published events, newest first, taking the same filters as the pages.

Feeds are read by programs that cache and forward what they fetch, so the feed never shows drafts,
not even to staff who happen to be signed in.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.feedgenerator import Atom1Feed

from tracker.domain.text import normalise_text
from tracker.models import Event
from tracker.queries.selectors import events_matching

FEED_LENGTH = 50


class PlainTextAtomFeed(Atom1Feed):
    """Atom with summaries marked as text: Django's Atom1Feed marks them "html", so a feed reader
    would render markup a researcher typed as a summary."""

    def add_item_elements(self, handler, item) -> None:
        description = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if description is not None:
            handler.addQuickElement("summary", description, {"type": "text"})


class PublishedEventsFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = "Diplomacy Tracker: latest events"
    link = "/events/"
    subtitle = "Diplomatic events recorded in the tracker, most recent first."
    # RFC 4287 asks every feed for an author; the events are the tracker's researchers' records.
    author_name = "Diplomacy Tracker researchers"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Anonymous visibility whoever asks: a feed reader's copy outlives the session.
        result = events_matching(request.GET, None)
        if not result.is_valid:
            return JsonResponse({"errors": result.errors}, status=400)
        # One Feed instance serves every request (and gunicorn threads), so the rows travel on the
        # request, never on self.
        request.feed_events = result.events
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs):
        return request.feed_events

    def items(self, events) -> list[Event]:
        return list(events.order_by("-start_date", "-id")[:FEED_LENGTH])

    def item_title(self, item: Event) -> str:
        return normalise_text(f"{item.title} ({item.when})", multiline=False)

    def item_description(self, item: Event) -> str:
        # Plain text (type="text"): the framework escapes it, and readers show markup as typed.
        return normalise_text(item.summary)

    def item_link(self, item: Event) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Event) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event):
        return item.published_at

    def item_updateddate(self, item: Event):
        return item.updated_at
