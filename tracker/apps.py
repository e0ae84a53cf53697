from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Diplomacy Tracker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tracker.domain import signals  # noqa: F401  (connects the receivers)
        from tracker.infra import plotly_bundle  # noqa: F401  (registers its system check)
