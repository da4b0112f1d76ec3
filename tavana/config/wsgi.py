"""The WSGI entry point for a production server (`tavana serve` uses it too).

It defaults to the production settings, which refuse to start without their
environment: a server never falls back to the demo's settings or database.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavana.config.settings.production")
application = get_wsgi_application()
