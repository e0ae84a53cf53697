"""Which plotly.js the pages load, and a system check that it is there and is the right release.

The pages load Plotly's strict bundle (settings.PLOTLY_JS under static/, fetched by `make plotly`):
the plotly package's own plotly.min.js compiles its WebGL code at run time with `new Function`, which
our Content-Security-Policy (script-src 'self', no 'unsafe-eval') refuses, so every reader would get
the no-WebGL fallback. The Python side (figures built with plotly) and the browser side must be one
release, or a figure may use an attribute the browser's plotly.js does not know.
"""

import re
from pathlib import Path

import plotly
from django.conf import settings
from django.core import checks

_VERSION = re.compile(rb"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")


def bundle_path() -> Path:
    return Path(settings.BASE_DIR) / "static" / settings.PLOTLY_JS


def release_of(path: Path) -> str | None:
    """The plotly.js release named in a bundle's opening comment ("plotly.js (strict - minified) v4.1.1")."""
    with path.open("rb") as bundle:
        found = _VERSION.search(bundle.read(300))
    return found.group(1).decode() if found else None


def package_release() -> str | None:
    """The plotly.js release the installed plotly package was built against."""
    return release_of(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")


@checks.register(checks.Tags.staticfiles)
def check_plotly_bundle(app_configs, **kwargs) -> list[checks.CheckMessage]:
    path = bundle_path()
    if not path.exists():
        return [
            checks.Error(
                f"{path} is missing, so no chart can be drawn.",
                hint="Run `make plotly` (make run and make test do it): it fetches Plotly's strict bundle.",
                id="tracker.E001",
            )
        ]
    bundle, package = release_of(path), package_release()
    if bundle != package:
        return [
            checks.Error(
                f"{path} is plotly.js {bundle}, but the plotly package in requirements.txt is built for {package}.",
                hint="Set PLOTLY_VERSION and PLOTLY_SHA256 in the Makefile to that release and run `make plotly`.",
                id="tracker.E002",
            )
        ]
    return []
