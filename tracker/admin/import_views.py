"""The staff import page under /admin/: upload, preview (a dry run), then confirm.

The uploaded text waits in the session between preview and confirmation, under a random token, so
the confirmed import is exactly the file that was previewed. Large files belong to
`manage.py import_events`; the page accepts up to MAX_UPLOAD_BYTES.

With "Skip invalid rows" ticked, the valid rows are imported and the rejected ones, with an
`errors` column, wait in the session (REJECTED_KEY) for the download link on the preview and on
the page after the import.
"""

import hashlib
import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from tracker.exports.reference import REFERENCE_KINDS
from tracker.imports import ImportFileError, import_events
from tracker.imports.reference import import_reference
from tracker.imports.reference_rows import MODELS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SESSION_KEY = "tracker_import_upload"
REJECTED_KEY = "tracker_import_rejected"
_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


RECORD_CHOICES = [
    ("events", "Events"),
    *[(kind, kind.capitalize()) for kind in REFERENCE_KINDS],
    ("dataset", "A whole dataset (JSON: reference data, events, statements)"),
]


def _may_import(user, records: str) -> bool:
    """Whether `user` may add and change every kind of record the file holds."""
    models = list(MODELS.values()) if records == "dataset" else [MODELS[records]] if records in MODELS else []
    return all(
        user.has_perm(f"tracker.{action}_{model._meta.model_name}") for model in models for action in ("add", "change")
    )


def _run_import(
    text: str, records: str, *, dry_run: bool, create_people: bool, user, file_format: str, skip_invalid: bool = False
):
    """The events importer for events, the reference importer for any other kind or a dataset."""
    if records == "events":
        return import_events(
            text,
            dry_run=dry_run,
            create_people=create_people,
            user=user,
            file_format=file_format,
            skip_invalid=skip_invalid,
        )
    return import_reference(
        text,
        kind=None if records == "dataset" else records,
        dry_run=dry_run,
        create_people=create_people,
        user=user,
        file_format=file_format,
    )


class ImportForm(forms.Form):
    records = forms.ChoiceField(
        choices=RECORD_CHOICES,
        initial="events",
        required=False,
        help_text="What the file holds (docs/data-format.md); events when not said",
    )
    file = forms.FileField(help_text="CSV or JSON in the export format (see docs/data-format.md)")
    create_people = forms.BooleanField(required=False, help_text="Create people the file names but we lack")
    skip_invalid = forms.BooleanField(
        required=False,
        label="Skip invalid rows",
        help_text="Import the valid rows; download the rejected ones, with their errors, to fix and import again",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Files over 10 MB import with `manage.py import_events FILE`.")
        name = upload.name.lower()
        if not name.endswith((".csv", ".json")):
            raise forms.ValidationError("Upload a .csv or .json file.")
        try:
            return name.rsplit(".", 1)[-1], upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text.") from None


def _render(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    base = {**admin.site.each_context(request), "title": "Import events", "opts": _event_opts()}
    return render(request, "admin/tracker/event/import.html", {**base, **context}, status=status)


def _event_opts():
    from tracker.models import Event

    return Event._meta


def _staff_may_import_events(request: HttpRequest) -> None:
    if not (request.user.has_perm("tracker.add_event") and request.user.has_perm("tracker.change_event")):
        raise PermissionDenied


@staff_member_required
def import_events_page(request: HttpRequest) -> HttpResponse:
    _staff_may_import_events(request)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    if request.method != "POST":
        return _render(request, {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, {"form": form}, status=400)
    file_format, text = form.cleaned_data["file"]
    create_people = form.cleaned_data["create_people"]
    records = form.cleaned_data["records"] or "events"
    if not _may_import(request.user, records):
        form.add_error("records", "You may not add or change these records; an editor can import them.")
        return _render(request, {"form": form}, status=403)
    if records == "dataset" and file_format != "json":
        form.add_error("file", "A whole dataset is a JSON file (export_dataset or /export/dataset.json).")
        return _render(request, {"form": form}, status=400)
    skip_invalid = form.cleaned_data["skip_invalid"]
    if skip_invalid and records != "events":
        form.add_error("skip_invalid", "Skipping invalid rows applies to events files; other records import whole.")
        return _render(request, {"form": form}, status=400)
    try:
        report = _run_import(
            text,
            records,
            dry_run=True,
            create_people=create_people,
            user=request.user,
            file_format=file_format,
            skip_invalid=skip_invalid,
        )
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return _render(request, {"form": form}, status=400)
    token = secrets.token_urlsafe(16)
    if report.ok:
        request.session[SESSION_KEY] = {
            "token": token,
            "text": text,
            "format": file_format,
            "create_people": create_people,
            "records": records,
            "skip_invalid": skip_invalid,
            "name": form.cleaned_data["file"] and request.FILES["file"].name,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
        }
    _keep_rejected(request, report, request.FILES["file"].name)
    return _render(request, {"form": form, "report": report, "token": token, "file_name": request.FILES["file"].name})


def _confirm(request: HttpRequest) -> HttpResponse:
    upload = request.session.get(SESSION_KEY)
    if not upload or upload["token"] != request.POST.get("token"):
        messages.error(request, "That preview has expired; upload the file again.")
        return redirect("events_import")
    del request.session[SESSION_KEY]
    report = _run_import(
        upload["text"],
        upload.get("records", "events"),
        dry_run=False,
        create_people=upload["create_people"],
        user=request.user,
        file_format=upload["format"],
        skip_invalid=upload.get("skip_invalid", False),
    )
    if not report.ok:
        # The database changed since the preview; show what is wrong now.
        return _render(request, {"form": ImportForm(), "report": report, "file_name": upload["name"]}, status=400)
    messages.success(request, f"Imported {upload['name']} (SHA-256 {upload['sha256'][:12]}…): {report.summary()}")
    if _keep_rejected(request, report, upload["name"]):
        messages.warning(
            request,
            format_html(
                '{} row(s) were not imported: <a href="{}">download them with their errors</a>, fix them and import '
                "that file.",
                len(report.rejected),
                reverse("events_import_rejected"),
            ),
        )
    return redirect(reverse("admin:tracker_event_changelist"))


def _keep_rejected(request: HttpRequest, report, file_name: str) -> bool:
    """Keep the rejected rows of the last import or preview for the download link; False if none."""
    if not getattr(report, "rejected_file", None):
        request.session.pop(REJECTED_KEY, None)
        return False
    stem = file_name.rsplit(".", 1)[0]
    request.session[REJECTED_KEY] = {
        "text": report.rejected_file,
        "format": report.rejected_format,
        "name": f"{stem}.rejected.{report.rejected_format}",
    }
    return True


@staff_member_required
def rejected_rows_download(request: HttpRequest) -> HttpResponse:
    """The rows the last import (or its preview) left out, with their errors, as a file to fix."""
    _staff_may_import_events(request)
    rejected = request.session.get(REJECTED_KEY)
    if not rejected:
        raise Http404("No rejected rows are waiting; import a file with 'Skip invalid rows' ticked.")
    response = HttpResponse(rejected["text"], content_type=_CONTENT_TYPES[rejected["format"]])
    response["Content-Disposition"] = f'attachment; filename="{rejected["name"]}"'
    return response
