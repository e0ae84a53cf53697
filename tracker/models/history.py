"""Change history for the records researchers edit (django-simple-history)."""

from simple_history.models import HistoricalRecords


class History(HistoricalRecords):
    """HistoricalRecords whose history model says which module holds it.

    With the models in a package, simple-history names the app package ("tracker") as the history
    models' module, where they are not; `manage.py shell` then cannot import them and pickling a
    history record fails. The model is placed in its concrete model's module either way.
    """

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        history_model.__module__ = self.module
        return history_model
