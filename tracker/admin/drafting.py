"""*Events → Draft from an article*: paste an article, and the normal event form opens filled in with
what tracker.drafting found, each suggestion beside the words it came from. Nothing is saved until
the researcher saves the form (as a draft, like any new event).

The draft waits in the session under a random token between the paste and the save, so the form's
address (`…/add/?draft=TOKEN`) stays short and a reload shows the same suggestions.
"""

import secrets
from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from tracker.admin.forms import DayField
from tracker.domain.dates import format_period
from tracker.domain.editorial import DuplicateProbe, likely_duplicates
from tracker.drafting import draft_event
from tracker.models import Event, Person, Topic

SESSION_KEY = "tracker_drafts"
KEPT_DRAFTS = 5  # a researcher drafting several articles at once keeps the last few
# Marks an inline row the draft suggested, so it is saved as it stands (tracker.admin.events).
FROM_DRAFT = "from_draft"
MAX_ARTICLE = 100_000


class KeepsDraftedRow:
    """An inline row the draft filled in is saved as it stands (Django would take an untouched extra
    row for an empty one), unless the researcher emptied its key field or ticked it for deletion."""

    drafted_key = "person"

    def has_changed(self) -> bool:
        if self.initial.get(FROM_DRAFT) and self.data.get(self.add_prefix(self.drafted_key)):
            return True
        return super().has_changed()


class DraftedParticipationForm(KeepsDraftedRow, forms.ModelForm):
    drafted_key = "person"


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="Article text", widget=forms.Textarea(attrs={"rows": 18, "cols": 90}), max_length=MAX_ARTICLE
    )
    url = forms.URLField(label="URL", required=False, assume_scheme="https", help_text="Names the publisher")
    published = DayField(label="Published on", help_text="Dates such as “on Friday” are counted from this day.")


def draft_page(request: HttpRequest, model_admin) -> HttpResponse:
    """The paste form; a valid post drafts the event and opens the add form with the draft."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = draft_event(data["text"], published=data["published"], url=data["url"]).as_document()
        token = secrets.token_urlsafe(12)
        drafts = dict(list(request.session.get(SESSION_KEY, {}).items())[-(KEPT_DRAFTS - 1) :])
        drafts[token] = document
        request.session[SESSION_KEY] = drafts
        return redirect(f"{reverse('admin:tracker_event_add')}?draft={token}")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Draft an event from an article",
        "opts": Event._meta,
        "form": form,
    }
    return TemplateResponse(request, "admin/tracker/event/draft.html", context, status=400 if form.errors else 200)


def drafted(request: HttpRequest) -> dict | None:
    """The draft the add form was opened with (`?draft=TOKEN`), if it is still in the session."""
    token = request.GET.get("draft")
    return request.session.get(SESSION_KEY, {}).get(token) if token else None


def initial_event(document: dict) -> dict:
    """The Event form's initial values from a draft's row."""
    row = document["rows"][0]
    initial = {
        name: row[name]
        for name in (
            "title",
            "kind",
            "lifecycle",
            "place_name",
            "latitude",
            "longitude",
            "place_country",
            "host_country",
        )
        if row.get(name) not in (None, "")
    }
    initial["is_published"] = False
    if row.get("start_date"):
        start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
        initial["when"] = format_period(start, end, row["date_precision"])
    if row.get("parent"):
        parent = Event.objects.filter(uid=row["parent"]).first()
        if parent is not None:
            initial["parent"] = parent.pk
    if row.get("topics"):
        initial["topics"] = list(Topic.objects.filter(slug__in=row["topics"]).values_list("pk", flat=True))
    return initial


def initial_participants(document: dict) -> list[dict]:
    """Participation rows for the people the database knows; proposed new people are listed apart."""
    slugs = [item["person"] for item in document["rows"][0].get("participants", []) if item["person"]]
    people = dict(Person.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return [
        {
            "person": people[item["person"]],
            "role": item["role"],
            "represented_country": item["country"],
            FROM_DRAFT: True,
        }
        for item in document["rows"][0].get("participants", [])
        if item["person"] in people
    ]


def initial_quotes(document: dict) -> list[dict]:
    people = dict(
        Person.objects.filter(slug__in=[s["speaker"] for s in document["statements"] if s["speaker"]]).values_list(
            "slug", "pk"
        )
    )
    rows = []
    for statement in document["statements"]:
        speaker = people.get(statement["speaker"])
        description = statement["speaker_description"] or ("" if speaker else statement["speaker_name"] or "unnamed")
        rows.append(
            {"quote": statement["quote"], "speaker": speaker, "speaker_description": description,
             "said_at": statement["said_at"], FROM_DRAFT: True}
        )  # fmt: skip
    return rows


def evidence_rows(document: dict) -> list[dict]:
    """What the panel above the form shows: each suggested field, its value and the words behind it."""
    row, evidence, notes = document["rows"][0], document["evidence"], document["notes"]
    when = f"{row['start_date']} – {row['end_date']} ({row['date_precision']})" if row.get("start_date") else ""
    place = ", ".join(filter(None, [row.get("place_name"), row.get("place_country")]))
    rows = [
        ("Kind", row.get("kind"), evidence.get("kind"), notes.get("kind")),
        ("Date(s)", when, evidence.get("date"), notes.get("date")),
        ("Place", place, evidence.get("place"), notes.get("place") or notes.get("dateline")),
        ("Host country", row.get("host_country"), evidence.get("host_country"), notes.get("host_country")),
        ("Parent event", (evidence.get("parent") or {}).get("matched"), evidence.get("parent"), notes.get("parent")),
    ]
    for item, found in zip(row.get("participants", []), evidence.get("participants", []), strict=False):
        label = f"{item['name']} ({item['role']}, {item['country'] or '?'})"
        rows.append(("Participant", label + ("" if item["person"] else " — new person"), found, None))
    for slug, found in evidence.get("topics", {}).items():
        rows.append(("Topic", slug, found, None))
    for statement in document["statements"]:
        who = statement["speaker_name"] or f"unattributed ({statement['speaker_description']})"
        rows.append(
            (
                "Quote",
                f"{who}{', ' + statement['said_at'] if statement['said_at'] else ''}",
                statement["evidence"],
                None,
            )
        )
    for citation, found in zip(row.get("citations", []), evidence.get("citations", []), strict=False):
        rows.append(("Source", citation["publisher"], found if "text" in found else None, None))
    shown = []
    for field, value, found, note in rows:
        found = found or {}
        shown.append(
            {"field": field, "value": value or "", "words": found.get("text", ""), "how": found.get("how", ""),
             "note": note or ""}
        )  # fmt: skip
    return shown


def duplicates_of_draft(document: dict) -> list:
    """Recorded events likely the same as the drafted one (tracker.domain.editorial), shown at once."""
    row = document["rows"][0]
    if not row.get("start_date"):
        return []
    slugs = [item["person"] for item in row.get("participants", []) if item["person"]]
    probe = DuplicateProbe(
        start=date.fromisoformat(row["start_date"]),
        end=date.fromisoformat(row["end_date"]),
        title=row.get("title", ""),
        kind=row.get("kind", ""),
        person_ids=frozenset(Person.objects.filter(slug__in=slugs).values_list("pk", flat=True)),
        country_codes=frozenset(row.get("countries", [])),
    )
    return likely_duplicates(probe)
