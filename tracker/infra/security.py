"""A login throttle backend that only throttles logins made over HTTP."""

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


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
