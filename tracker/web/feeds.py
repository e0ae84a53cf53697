"""An Atom feed of published events, newest first, taking the same filters as the pages.

Feeds are read by programs that cache and forward what they fetch, so the feed never shows drafts,
not even to staff who happen to be signed in.
"""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.feedgenerator import Atom1Feed

from tracker.models import Event
from tracker.queries.selectors import events_matching

FEED_LENGTH = 50


class PublishedEventsFeed(Feed):
    feed_type = Atom1Feed
    title = "Diplomacy Tracker: latest events"
    link = "/events/"
    subtitle = "Diplomatic events recorded in the tracker, most recent first."

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
        return f"{item.title} ({item.when})"

    def item_description(self, item: Event) -> str:
        # Plain text: the syndication framework escapes it, so markup in a summary stays text.
        return item.summary

    def item_link(self, item: Event) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Event) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event):
        return item.published_at

    def item_updateddate(self, item: Event):
        return item.updated_at
