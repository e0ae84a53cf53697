"""Slugs on admin pages, made by the same rule as everywhere else (tracker.domain.slugs).

Django's prepopulated fields slugify in JavaScript and drop what they cannot spell: "Lee–Takaichi"
became "leetakaichi", "이재명" nothing at all. Here the slug box stays empty-able instead: while the
researcher types the title, the page asks the server for the slug our rule makes
(static/tracker/admin-slug.js), and a slug left blank is made on save.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse

from tracker.domain.slugs import SLUG_SOURCES, slug_text, slugify, unique_slug

EXAMPLE = "Lee–Takaichi summit"


def _unique_slug_for(model, text: str, *, exclude_pk=None) -> str:
    meta = model._meta
    return unique_slug(
        text,
        queryset=model._default_manager.all(),
        max_length=meta.get_field("slug").max_length,
        fallback=meta.model_name,
        exclude_pk=exclude_pk,
    )


class SlugFromNameAdmin(admin.ModelAdmin):
    """A model admin whose `slug` is made from the record's name or title when left blank."""

    class Media:
        js = ["tracker/admin-slug.js"]

    def _slug_sources(self) -> list[str]:
        """The fields the slug is made from, in the order they are tried."""
        return list(dict.fromkeys(field for fields in SLUG_SOURCES[self.opts.model_name] for field in fields))

    def _slug_help(self) -> str:
        choices = SLUG_SOURCES[self.opts.model_name]
        names = " or else the ".join(
            " and ".join(str(self.opts.get_field(field).verbose_name) for field in fields) for fields in choices
        )
        return (
            f"Leave blank to make it from the {names}: “{EXAMPLE}” → {slugify(EXAMPLE)}; "
            "names in other scripts are spelled in Latin letters."
        )

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" not in form.base_fields:  # read-only for this user
            return form
        opts, model = self.opts, self.model
        help_text, sources = self._slug_help(), ",".join(self._slug_sources())
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_slug")

        # Set on each form rather than on the class's fields: a subclass of a ModelForm (EventAdmin
        # makes one) builds its model fields afresh and would lose the changes.
        def __init__(form_self, *args, **kwargs):
            super(with_slug, form_self).__init__(*args, **kwargs)
            field = form_self.fields["slug"]
            field.required = False
            field.help_text = help_text
            field.widget.attrs.update(
                {
                    "data-slug-url": url,
                    "data-slug-sources": sources,
                    "data-slug-object": str(obj.pk) if obj is not None else "",
                }
            )

        def clean(form_self):
            cleaned = super(with_slug, form_self).clean()
            if not cleaned.get("slug") and "slug" not in form_self.errors:
                text = slug_text(model._meta.model_name, cleaned.get)
                cleaned["slug"] = _unique_slug_for(model, text, exclude_pk=form_self.instance.pk)
            return cleaned

        with_slug = type(form.__name__, (form,), {"__init__": __init__, "clean": clean})
        return with_slug

    def get_urls(self):
        opts = self.opts
        preview = path(
            "slug/",
            self.admin_site.admin_view(self.slug_preview_view),
            name=f"{opts.app_label}_{opts.model_name}_slug",
        )
        return [preview, *super().get_urls()]

    def slug_preview_view(self, request: HttpRequest) -> JsonResponse:
        """The slug a blank slug box would get on save: {"slug": "lee-takaichi-summit"}."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        object_id = request.GET.get("object", "")
        text = slug_text(self.opts.model_name, request.GET.get)
        slug = _unique_slug_for(self.model, text, exclude_pk=int(object_id) if object_id.isdigit() else None)
        return JsonResponse({"slug": slug})
