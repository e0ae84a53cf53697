"""The plotly.js the pages load: Plotly's strict bundle, present and the same release as the plotly
package that builds the figures (tracker.infra.plotly_bundle's system check)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from tracker.infra import plotly_bundle


def test_the_bundle_the_pages_load_is_the_plotly_packages_release():
    assert plotly_bundle.bundle_path().exists()
    assert plotly_bundle.release_of(plotly_bundle.bundle_path()) == plotly_bundle.package_release()
    assert plotly_bundle.check_plotly_bundle(None) == []


def test_the_bundle_compiles_no_code_at_run_time():
    # The strict build is the one that runs under script-src 'self' (no 'unsafe-eval').
    head = plotly_bundle.bundle_path().read_bytes()[:200]
    assert b"strict" in head


def test_a_missing_bundle_is_a_system_check_error_that_says_how_to_fetch_it(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    [error] = plotly_bundle.check_plotly_bundle(None)
    assert error.id == "tracker.E001"
    assert "make plotly" in error.hint


def test_a_bundle_of_another_release_is_a_system_check_error(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    bundle = tmp_path / "static" / settings.PLOTLY_JS
    bundle.parent.mkdir(parents=True)
    bundle.write_text("/**\n* plotly.js (strict - minified) v1.0.0\n*/\n")
    [error] = plotly_bundle.check_plotly_bundle(None)
    assert error.id == "tracker.E002"
    assert "plotly.js 1.0.0" in error.msg and plotly_bundle.package_release() in error.msg


def test_manage_py_check_runs_the_bundle_check(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    with pytest.raises(SystemCheckError, match="tracker.E001"):
        call_command("check")


def test_every_chart_page_loads_the_strict_bundle(db):
    body = Client().get("/").content.decode()
    assert f'src="/static/{settings.PLOTLY_JS}"' in body
    assert "plotly.min.js" not in body
    assert Path(settings.BASE_DIR, "static", settings.PLOTLY_JS).exists()


def test_the_served_bundle_names_no_outside_server_to_load_assets_from():
    assert plotly_bundle.outside_assets(plotly_bundle.bundle_path().read_text(encoding="utf-8")) == []
    assert 'dflt:"/static/tracker/topojson/"' in plotly_bundle.bundle_path().read_text(encoding="utf-8")


def test_localising_makes_every_outside_asset_address_the_sites_own():
    published = (
        'topojsonURL:{dflt:"https://cdn.plot.ly/un/"},'
        'style:"https://basemaps.cartocdn.com/gl/positron-gl-style/style.json",'
        "icon:`https://cdn.jsdelivr.net/npm/@mapbox/maki@8.2.0/icons/${p}.svg`,"
        'font:"https://tiles.basemaps.cartocdn.com/fonts/Open Sans",'
        'link:"https://github.com/plotly/plotly.js"'
    )
    assert len(plotly_bundle.outside_assets(published)) == 4
    served = plotly_bundle.localised(published)
    assert plotly_bundle.outside_assets(served) == []
    assert 'dflt:"/static/tracker/topojson/"' in served
    assert '"/static/plotly/offline/gl/positron-gl-style/style.json"' in served
    assert "`/static/plotly/offline/npm/@mapbox/maki@8.2.0/icons/${p}.svg`" in served
    assert '"/static/plotly/offline/fonts/Open Sans"' in served
    assert 'link:"https://github.com/plotly/plotly.js"' in served  # a link, not an asset: left alone


def test_an_asset_server_nobody_listed_is_made_local_and_namespaces_and_links_are_kept():
    published = (
        'tiles:"https://tiles.example-maps.net/{z}/{x}/{y}.png",'
        'ns:"http://www.w3.org/2000/svg",'
        "attribution:'<a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>'"
    )
    assert plotly_bundle.outside_assets(published) == ["https://tiles.example-maps.net"]
    served = plotly_bundle.localised(published)
    assert 'tiles:"/static/plotly/offline/{z}/{x}/{y}.png"' in served
    assert 'ns:"http://www.w3.org/2000/svg"' in served
    assert 'href="https://www.openstreetmap.org/copyright"' in served
    assert plotly_bundle.outside_assets(served) == []


def test_the_served_bundle_does_not_even_name_the_asset_servers_it_replaced():
    served = plotly_bundle.bundle_path().read_text(encoding="utf-8")
    for host in ("cdn.plot.ly", "cdn.jsdelivr.net", "cartocdn.com", "openmaptiles.org", "arcgisonline.com"):
        assert host not in served, host


def test_a_bundle_that_names_an_outside_asset_server_is_a_system_check_error(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    bundle = tmp_path / "static" / settings.PLOTLY_JS
    bundle.parent.mkdir(parents=True)
    release = plotly_bundle.package_release()
    bundle.write_text(f'/**\n* plotly.js (strict - minified) v{release}\n*/\nx="https://cdn.plot.ly/un/";\n')
    [error] = plotly_bundle.check_plotly_bundle(None)
    assert error.id == "tracker.E003"
    assert "https://cdn.plot.ly" in error.msg and "make plotly" in error.hint
