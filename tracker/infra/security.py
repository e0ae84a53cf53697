"""Login throttling: the backend that throttles logins made over HTTP, and the client address it keys on."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client, as the outermost of settings.TRUSTED_PROXY_COUNT proxies saw it.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    the entry TRUSTED_PROXY_COUNT places from the right is the last one a client could not have
    written. With no trusted proxy, or a header that is not an address, REMOTE_ADDR it is.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not hops:
        return remote
    candidate = hops[-count] if len(hops) >= count else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


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
