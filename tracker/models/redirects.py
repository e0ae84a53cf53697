"""Old addresses of events merged into another: the reader page and the API follow them (301)."""

from django.db import models

from tracker.models.events import Event


class EventRedirect(models.Model):
    """Where an event merged away now lives: its slug and uid lead to the event it was merged into.

    Written by tracker.domain.editorial.merge_events and consulted only when no event has the slug
    or uid asked for, so an event that later takes the old slug wins over the redirect.
    """

    # Unique, so each old address leads to one event; the unique indexes serve the look-ups by slug
    # (the reader page) and by uid (the API detail).
    old_slug = models.SlugField(max_length=200, unique=True)
    old_uid = models.UUIDField(unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"/events/{self.old_slug}/ → {self.event_id}"
