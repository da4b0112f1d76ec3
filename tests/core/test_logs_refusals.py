"""A refused page writes one line to the server log; a traceback is for real errors."""

import logging

import pytest
from django.urls import reverse

from tavana.accounts import roles
from tavana.config.settings.base import LOGGING


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def request_log():
    logger = logging.getLogger("django.request")
    keep = _Keep()
    logger.addHandler(keep)
    yield keep
    logger.removeHandler(keep)


@pytest.mark.django_db
def test_a_403_is_a_one_line_warning_without_a_traceback(client_as, request_log):
    c = client_as(roles.TRAINER)
    assert c.get(reverse("audit:log")).status_code == 403
    refused = [r for r in request_log.records if getattr(r, "status_code", None) == 403]
    assert refused and refused[0].levelno == logging.WARNING
    assert refused[0].exc_info is None  # Django attaches the PermissionDenied; we drop it


def test_the_settings_log_refusals_and_keep_tracebacks_for_errors():
    request = LOGGING["loggers"]["django.request"]
    assert request["level"] == "WARNING" and "refusal" in request["filters"]
    from tavana.core.logs import RefusalFilter

    error = logging.LogRecord("django.request", logging.ERROR, "", 0, "boom", (), None)
    error.status_code, error.exc_info = 500, (ValueError, ValueError("x"), None)
    RefusalFilter().filter(error)
    assert error.exc_info is not None


def test_a_fresh_install_starts_without_the_static_folder_warning(tmp_path):
    """«No directory at: …/static/» was printed on every start of a new install."""
    import subprocess
    import sys

    code = (
        "import warnings, django; warnings.simplefilter('always'); django.setup()\n"
        "from django.core.wsgi import get_wsgi_application\n"
        "with warnings.catch_warnings(record=True) as seen:\n"
        "    warnings.simplefilter('always')\n"
        "    get_wsgi_application()\n"
        "print('|'.join(str(w.message) for w in seen))\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "TAVANA_HOME": str(tmp_path / "home"),
        "DJANGO_SETTINGS_MODULE": "tavana.config.settings.local",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "No directory at" not in out.stdout + out.stderr
