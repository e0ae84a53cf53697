"""Security plumbing that Django does not ship: a Content-Security-Policy header and a login
throttle backend that only throttles logins made over HTTP.
"""

from collections.abc import Callable

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy(directives: dict[str, list[str]]) -> str:
    """Render {"script-src": ["'self'"], ...} as the header value "script-src 'self'; ..."."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY on every response that does not set its own.

    Django 5.2 has no CSP support of its own; this one header is all we need, so a dependency
    would add more than it saves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.header = content_security_policy(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, for logins that arrive with an HTTP request.

    Password guessing happens over HTTP, where Django always passes the request. Code that calls
    authenticate() without one (the test client's login(), a management command) is not a guessing
    channel; axes would raise there, so this backend steps aside and lets ModelBackend answer.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
