"""Which plotly.js the pages load, and a system check that it is there and is the right release.

The pages load Plotly's strict bundle (settings.PLOTLY_JS under static/, fetched by `make plotly`):
the plotly package's own plotly.min.js compiles its WebGL code at run time with `new Function`, which
our Content-Security-Policy (script-src 'self', no 'unsafe-eval') refuses, so every reader would get
the no-WebGL fallback. The Python side (figures built with plotly) and the browser side must be one
release, or a figure may use an attribute the browser's plotly.js does not know.

The bundle as published names outside servers it would fetch assets from by default: world outlines
(its topojsonURL default), and map tiles, styles, fonts and icons for its tile-map traces. The site
never asks for them (its map sets a local topojsonURL and draws no tiles), but offline must hold by
construction, not by care: `make plotly` serves a copy in which every outside address is one of our
own (`localised`), and the system check refuses a bundle that still names one. "Every" is decided by
what is *not* fetched (XML namespaces, links people follow), so an asset server a later release adds
is made local too, never let through for want of being listed.
"""

import re
import sys
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


# Hosts the published bundle names but never fetches from: XML namespaces, and links people follow
# (attributions, licences, help pages, the chart editor). Any other absolute address is an asset's.
NOT_FETCHED_HOSTS = frozenset(
    {
        "www.w3.org",
        "github.com",
        "feross.org",
        "getify.mit-license.org",
        "syntheti.cc",
        "plotly.com",
        "cloud.plotly.com",
        "maplibre.org",
        "get.webgl.org",
        "www.esri.com",
        "www.openstreetmap.org",
        "wiki.openstreetmap.org",
    }
)
_ADDRESS = re.compile(r"https?://([A-Za-z0-9.-]+)/?")
_TOPOJSON_DEFAULT = re.compile(r'(topojsonURL:\{[^}]*?dflt:")https?://[^"]*(")')


def localised(bundle: str, static_url: str = "/static/") -> str:
    """The bundle with each outside asset address made one of the site's own: the world outlines our
    map already serves (static/tracker/topojson/), everything else the same path under
    static/plotly/offline/, which holds nothing, so a trace that asked for tiles would fail on this
    site, never reach out."""
    bundle = _TOPOJSON_DEFAULT.sub(rf"\g<1>{static_url}tracker/topojson/\g<2>", bundle)
    offline = f"{static_url}plotly/offline/"
    return _ADDRESS.sub(lambda found: found.group(0) if _not_fetched(found) else offline, bundle)


def outside_assets(bundle: str) -> list[str]:
    """The outside asset addresses (scheme and host) a bundle still names."""
    return sorted({found.group(0).rstrip("/") for found in _ADDRESS.finditer(bundle) if not _not_fetched(found)})


def _not_fetched(found: re.Match) -> bool:
    return found.group(1) in NOT_FETCHED_HOSTS


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
    if named := outside_assets(path.read_text(encoding="utf-8")):
        return [
            checks.Error(
                f"{path} would load assets from {', '.join(named)}; the site must work offline.",
                hint="Run `make plotly` again: it serves the bundle with those addresses made local.",
                id="tracker.E003",
            )
        ]
    return []


if __name__ == "__main__":
    # make plotly: python -m tracker.infra.plotly_bundle PUBLISHED SERVED
    published, served = (Path(argument) for argument in sys.argv[1:3])
    served.write_text(localised(published.read_text(encoding="utf-8")), encoding="utf-8")
    if left := outside_assets(served.read_text(encoding="utf-8")):
        raise SystemExit(f"{served} still names {', '.join(left)}")
