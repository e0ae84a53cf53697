"""Security that holds against hostile input: deploy checks, CSP, throttled logins, no open redirects,
CSRF on every state change, and user text that never becomes markup."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.builders_api import make_event, make_person, make_user
from tracker.models import Participation, Statement

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_TITLE = "<script>alert('title')</script> summit"
HOSTILE_NAME = '<img src=x onerror="alert(1)"> Person'
HOSTILE_QUOTE = "</p><script>alert('quote')</script>"
RAW_MARKUP = ["<script>alert(", "<img src=x onerror"]


def test_production_settings_pass_the_deploy_check():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="a-production-secret-from-the-environment-" + "x7Qp2Lm9Rt4Zv8Nc3Wb6Hy1Kd5Fs0Jg",
        ALLOWED_HOSTS="tracker.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret():
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env["DJANGO_ENV"] = "production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("url", ["/admin/login/", "/api/events/", "/api/docs/", "/feed/", "/sitemap.xml"])
def test_every_response_carries_a_csp_without_inline_scripts(client, db, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["default-src"]


def admin_pages(event) -> list[str]:
    return [
        "/admin/",
        "/admin/tracker/event/",
        "/admin/tracker/event/add/",
        f"/admin/tracker/event/{event.pk}/change/",
        f"/admin/tracker/event/{event.pk}/history/",
        "/admin/tracker/event/deleted/",
        "/admin/tracker/person/add/",
    ]


def test_admin_pages_have_no_inline_scripts(client, db):
    import re

    event = make_event("Plain talks", cited=True)
    client.force_login(make_user("eddie", group="Editor"))
    for url in admin_pages(event):
        page = client.get(url).content.decode()
        inline = [tag for tag in re.findall(r"<script\b[^>]*>", page) if "src=" not in tag and "json" not in tag]
        assert inline == [], f"{url} has inline scripts the CSP would block: {inline}"
        assert not re.search(r"\son[a-z]+=\"", page), f"{url} has an inline event handler"


@pytest.mark.browser
def test_admin_works_in_chromium_under_the_csp(live_server, db):
    from playwright.sync_api import sync_playwright

    event = make_event("Plain talks", cited=True)
    make_user("eddie", group="Editor", password="a-long-editor-password")
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.on(
            "console",
            lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
        )
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "eddie")
        page.fill("#id_password", "a-long-editor-password")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        for url in admin_pages(event)[1:]:
            page.goto(f"{live_server.url}{url}")
        # The admin's own scripts ran: the autocomplete widgets were turned into select2 boxes.
        page.goto(f"{live_server.url}/admin/tracker/event/{event.pk}/change/")
        assert page.locator(".select2-container").count() > 0
        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".swagger-ui .info", timeout=15000)
        browser.close()
    assert violations == []


def test_admin_login_locks_out_after_repeated_failures(client, db, settings):
    make_user("eddie", group="Editor", password="the-right-password-9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "eddie", "password": "guess"})
        assert response.status_code == 200
    locked = client.post("/admin/login/", {"username": "eddie", "password": "guess"})
    assert locked.status_code == 429
    # Even the right password is refused while the lock holds.
    still_locked = client.post("/admin/login/?next=/admin/", {"username": "eddie", "password": "the-right-password-9"})
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_login_is_not_throttled(client, db):
    make_user("eddie", group="Editor", password="the-right-password-9")
    response = client.post("/admin/login/?next=/admin/", {"username": "eddie", "password": "the-right-password-9"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]
)
def test_login_never_redirects_off_site(client, db, target):
    make_user("eddie", group="Editor", password="the-right-password-9")
    response = client.post(
        f"/admin/login/?next={target}", {"username": "eddie", "password": "the-right-password-9", "next": target}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    signed_in = client.get(f"/admin/login/?next={target}")
    assert "evil.example" not in signed_in.get("Location", "")
    logout = client.post(f"/admin/logout/?next={target}")
    assert "evil.example" not in logout.get("Location", "")


def test_state_changes_without_a_csrf_token_are_refused(db):
    from django.test import Client

    event = make_event("Plain talks", published=False)
    client = Client(enforce_csrf_checks=True)
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 403
    client.force_login(make_user("eddie", group="Editor"))
    assert client.post(f"/admin/tracker/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert (
        client.post("/admin/tracker/event/", {"action": "delete_selected", "_selected_action": [event.pk]}).status_code
        == 403
    )
    assert client.post("/admin/logout/").status_code == 403
    event.refresh_from_db()


def every_url_callback(resolver: URLResolver | None = None, prefix: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from every_url_callback(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_only_read_only_views_are_exempt_from_csrf():
    """DRF marks its views csrf_exempt (it checks CSRF itself for session writes); ours accept no writes."""
    exempt = []
    for route, callback in every_url_callback():
        if not getattr(callback, "csrf_exempt", False):
            continue
        exempt.append(route)
        view_class = callback.cls
        # A viewset route answers the methods in its action map; a plain view the handlers it defines.
        declared = getattr(callback, "actions", None) or {method: method for method in view_class.http_method_names}
        methods = {
            method
            for method, handler in declared.items()
            if method in view_class.http_method_names and hasattr(view_class, handler)
        }
        assert methods <= {"get", "head", "options", "trace"}, f"{route} is csrf_exempt and accepts {methods}"
    assert exempt, "the API views were found"


@pytest.fixture
def hostile_event(db):
    speaker = make_person(HOSTILE_NAME, slug="hostile-person")
    event = make_event(HOSTILE_TITLE, slug="hostile-summit", cited=True, people=[speaker], summary=HOSTILE_QUOTE)
    Statement.objects.create(speaker=speaker, quote=HOSTILE_QUOTE, event=event, about_event=event)
    return event


def test_hostile_text_is_plain_data_in_the_api(client, hostile_event):
    response = client.get(f"/api/events/{hostile_event.uid}/")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.json()
    assert body["title"] == HOSTILE_TITLE
    assert body["participants"][0]["name"] == HOSTILE_NAME
    assert body["statements"][0]["quote"] == HOSTILE_QUOTE


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tracker/event/",
        "/admin/tracker/event/{pk}/change/",
        "/admin/tracker/event/{pk}/history/",
        "/admin/tracker/person/",
        "/admin/tracker/statement/",
        "/admin/tracker/participation/",
    ],
)
def test_hostile_text_is_escaped_in_the_admin(client, hostile_event, url):
    client.force_login(make_user("eddie", group="Editor"))
    page = client.get(url.format(pk=hostile_event.pk)).content.decode()
    assert "&lt;script&gt;" in page or "&lt;img" in page
    for markup in RAW_MARKUP:
        assert markup not in page, f"{url} renders {markup!r} as markup"


def test_hostile_text_is_escaped_in_the_feed(client, hostile_event):
    feed = client.get("/feed/").content.decode()
    assert "&lt;script&gt;alert('title')&lt;/script&gt; summit" in feed
    for markup in RAW_MARKUP:
        assert markup not in feed


def test_participation_str_keeps_hostile_names_as_text(hostile_event):
    participation = Participation.objects.get(event=hostile_event)
    assert HOSTILE_NAME in str(participation)


def test_behind_a_trusted_proxy_a_guesser_elsewhere_does_not_lock_the_real_user_out(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("eddie", group="Editor", password="the-right-password-9")
    guesser = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "eddie", "password": "guess"}, **guesser)
    assert client.post("/admin/login/", {"username": "eddie", "password": "guess"}, **guesser).status_code == 429
    # The real user comes through the same proxy from another address.
    user = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "eddie", "password": "the-right-password-9"}, **user
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.66", "10.0.0.2"),  # no trusted proxy: the header is anyone's to write
        (1, "203.0.113.66", "203.0.113.66"),
        (1, "1.2.3.4, 203.0.113.66", "203.0.113.66"),  # a forged first entry is ignored
        (2, "1.2.3.4, 203.0.113.66, 10.0.0.9", "203.0.113.66"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (3, "203.0.113.66", "203.0.113.66"),
    ],
)
def test_client_address_reads_x_forwarded_for_from_the_right(rf, settings, count, forwarded, expected):
    from tracker.infra.security import client_address

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
