"""/sitemap.xml: the public pages search engines may index. Published events only, and the people,
topics and series that published events make public (tracker.models.visibility)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from tracker.models import Event, Person, Series, Topic


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet:
        # Only published events, whoever asks: a sitemap is public by definition.
        return Event.objects.published().only("slug", "updated_at").order_by("start_date", "id")

    def lastmod(self, event: Event):
        return event.updated_at


class SlugPageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def __init__(self, model):
        self.model = model

    def items(self) -> QuerySet:
        # What anonymous readers may see, whoever asks, as for the events.
        return self.model.objects.public().only("slug").order_by("slug")


SITEMAPS = {
    "events": EventSitemap,
    "people": SlugPageSitemap(Person),
    "topics": SlugPageSitemap(Topic),
    "series": SlugPageSitemap(Series),
}
