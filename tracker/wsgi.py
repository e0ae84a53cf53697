import os

from django.core.wsgi import get_wsgi_application

from tracker.infra.collector import freeze_what_startup_loaded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
application = get_wsgi_application()
freeze_what_startup_loaded()
