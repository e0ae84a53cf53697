"""What a surface may answer to hostile input, and the bookkeeping of failures already recognised.

`ask` makes one GET through Django's test client and reads the whole body, streamed or not; a
download whose body breaks while it streams counts as a server error (the reader got a 200 and a
cut-off file). `problem_with` says why an answer breaks the contract: 200 or 400 (404 where the path
names a subject), a 400 that names what was wrong, a 200 whose body parses as its content type.

`Findings` lets a property test run past failures that a `Bug` recognises (by exception, message and
the file it was raised through, narrowly enough not to hide another one), keeps the shortest example
of each, and ends the test with RecognisedBug; `known(...)` is the matching xfail mark. Any other
failure raises at once, one AssertionError class per kind, so Hypothesis shrinks and reports each.
"""

import json
import os
import sys
import traceback
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.test import Client
from django.utils.html import escape

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Answer:
    label: str  # who asked what, short enough to read: "anonymous GET /events/?start=0000"
    size: int  # how long the input was; the shortest example of a bug is the one kept
    status: int = 500
    content_type: str = ""
    body: bytes = b""
    errors: list | None = None  # the bad-filter page's (name, label, messages), when it was rendered
    exc_info: tuple | None = None
    path: str = ""
    params: list[tuple[str, str]] = field(default_factory=list)

    @property
    def frames(self) -> list[traceback.FrameSummary]:
        return traceback.extract_tb(self.exc_info[2]) if self.exc_info else []

    def crash(self) -> str:
        """The exception and the last three of the project's frames it went through."""
        if not self.exc_info:
            return ""
        exc = self.exc_info[1]
        ours = [frame for frame in self.frames if "/tracker/" in frame.filename] or self.frames
        where = " <- ".join(f"{_short(frame.filename)}:{frame.lineno} {frame.name}" for frame in ours[-1:-4:-1])
        return f"{type(exc).__name__}: {str(exc)[:200]} at {where}"


def _short(filename: str) -> str:
    """A traceback's file name without the checkout's or the virtualenv's prefix."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    return os.path.relpath(filename, ROOT)


def describe(path: str, params: list[tuple[str, str]]) -> str:
    """The URL as one can paste it, or, when it is long, each parameter cut short and repeats counted."""
    full = f"{path}?{urlencode(params)}" if params else path
    if len(full) <= 240:
        return full
    parts: list[str] = []
    for index, (key, value) in enumerate(params):
        if index and params[index - 1] == (key, value):
            continue
        repeats = 1
        while index + repeats < len(params) and params[index + repeats] == (key, value):
            repeats += 1
        shown = repr(value) if len(value) <= 40 else f"{value[:30]!r}…({len(value)} chars)"
        parts.append(f"{key!r}={shown}" + (f" ×{repeats}" if repeats > 1 else ""))
    more = f" & …{len(parts) - 8} more" if len(parts) > 8 else ""
    return f"{path}? " + " & ".join(parts[:8]) + more


def ask(clients: dict[str, Client], reader: str, path: str, params: list[tuple[str, str]]) -> Answer:
    url = f"{path}?{urlencode(params)}" if params else path
    response = clients[reader].get(url)
    exc_info = getattr(response, "exc_info", None)
    if response.streaming:
        try:
            body = b"".join(response.streaming_content)
        except Exception:
            exc_info, body = sys.exc_info(), b""
    else:
        body = response.content
    context = response.context
    return Answer(
        label=f"{reader} GET {describe(path, params)}",
        size=len(url),
        status=500 if exc_info else response.status_code,
        content_type=response.get("Content-Type", ""),
        body=body,
        errors=context.get("errors") if context is not None else None,
        exc_info=exc_info,
        path=path,
        params=params,
    )


def problem_with(answer: Answer, *, subject_may_be_missing: bool = False) -> str | None:
    """Why this answer breaks the contract, or None."""
    if answer.exc_info:
        return f"server error: {answer.crash()}"
    allowed = {200, 400, 404} if subject_may_be_missing else {200, 400}
    if answer.status not in allowed:
        return f"status {answer.status}: {answer.body[:300]!r}"
    if answer.status == 400:
        return _unexplained_400(answer)
    if answer.status == 200:
        return _malformed_body(answer)
    return None


def _unexplained_400(answer: Answer) -> str | None:
    if answer.content_type.startswith("application/json"):
        errors = json.loads(answer.body).get("errors")
        if not errors or not all(
            messages and all(isinstance(message, str) and message for message in messages)
            for messages in errors.values()
        ):
            return f"a 400 without messages: {answer.body[:300]!r}"
        return None
    page = answer.body.decode()
    if answer.errors is not None:
        missing = [message for _, _, messages in answer.errors for message in messages if escape(message) not in page]
        if not answer.errors or missing:
            return f"a 400 page that does not show its messages: {missing[:3]!r}"
    elif not page.strip():
        return "an empty 400"
    return None


def _malformed_body(answer: Answer) -> str | None:
    kind = answer.content_type.split(";")[0]
    try:
        if kind in {"application/json", "application/geo+json"}:
            json.loads(answer.body)
        elif kind in {"application/atom+xml", "application/xml"}:
            ElementTree.fromstring(answer.body)
        elif kind == "text/calendar":
            assert answer.body.startswith(b"BEGIN:VCALENDAR"), answer.body[:100]
        else:
            answer.body.decode()
    except (ValueError, AssertionError, ElementTree.ParseError) as exc:
        return f"a 200 whose {kind} body does not parse: {exc}"
    return None


@dataclass(frozen=True)
class Bug:
    """A failure recognised by what was raised and where, so that it cannot hide a different one."""

    name: str
    recognise: Callable[[Answer], bool]


def crash(exception: type[BaseException], through: str = "", message: str = "") -> Callable[[Answer], bool]:
    """Recognise `exception` (with `message` in its text) raised through a file whose path has `through`."""

    def recognise(answer: Answer) -> bool:
        if not answer.exc_info or not isinstance(answer.exc_info[1], exception):
            return False
        return message in str(answer.exc_info[1]) and any(through in frame.filename for frame in answer.frames)

    return recognise


class RecognisedBug(AssertionError):
    """Raised at the end of a test that met only failures its Findings recognise: its xfail expects it."""


_UNEXPECTED: dict[str, type[AssertionError]] = {}


def unexpected(kind: str) -> type[AssertionError]:
    """An AssertionError class per kind of failure, so that Hypothesis reports each distinct one."""
    return _UNEXPECTED.setdefault(kind, type(f"Unexpected[{kind}]", (AssertionError,), {}))


def _kind(answer: Answer) -> str:
    if not answer.exc_info:
        return f"status {answer.status}"
    raised = answer.frames[-1]
    return f"{type(answer.exc_info[1]).__name__} at {_short(raised.filename)}:{raised.lineno}"


@dataclass
class Findings:
    """The failures `bugs` recognise, each with the shortest example that showed it."""

    bugs: tuple[Bug, ...]
    seen: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def check(self, answer: Answer, **allowed) -> None:
        problem = problem_with(answer, **allowed)
        if problem is not None:
            self._recognise_or_raise(answer, problem)

    def check_call(
        self, call: Callable[[], object], description: str, *, refusals: tuple[type[Exception], ...] = ()
    ) -> object:
        """Run an input path that is not a URL. It returns, or refuses with one of its own `refusals`
        (raised on to the caller); any other exception is a crash. None after a recognised crash."""
        try:
            return call()
        except refusals:
            raise
        except Exception:
            answer = Answer(label=description, size=len(description), exc_info=sys.exc_info())
            self._recognise_or_raise(answer, f"crash: {answer.crash()}")
            return None

    def _recognise_or_raise(self, answer: Answer, problem: str) -> None:
        bug = next((bug for bug in self.bugs if bug.recognise(answer)), None)
        if bug is None:
            raise unexpected(_kind(answer))(f"{answer.label} → {problem}")
        if bug.name not in self.seen or answer.size < self.seen[bug.name][0]:
            self.seen[bug.name] = (answer.size, answer.label, answer.crash() or problem)

    def raise_if_any(self) -> None:
        if self.seen:
            lines = [
                f"{name}\n    e.g. {label}\n    {problem}" for name, (_, label, problem) in sorted(self.seen.items())
            ]
            raise RecognisedBug("failures already recognised:\n" + "\n".join(lines))
