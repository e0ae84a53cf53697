"""The researchers' workbench: the admin site's titles, and the admin modules that register each model."""

from django.contrib import admin

admin.site.site_header = "Diplomacy Tracker: researchers"
admin.site.site_title = "Diplomacy Tracker"
admin.site.index_title = "Records"


from tracker.admin import events, records, reference  # noqa: E402, F401  (registers the models)
