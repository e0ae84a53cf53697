"""Debian's chromium under Playwright for the browser tests: one launch per test module, never a
download. Each module's `browser` fixture is `yield from chromium()`."""

import os
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def chromium() -> Iterator:
    """A launched chromium for the module. Playwright's sync API keeps an event loop running in this
    thread meanwhile; the ORM calls the tests (and the database flush after each) make are still plain
    synchronous calls, so Django's async guard is told so for the module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with (
        mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}),
        sync_api.sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
