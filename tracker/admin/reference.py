"""Reference data in the admin: countries, organisations, people and their positions, offices, topics,
series and sources. Their dates (a source's publication, an office held, a state's existence)
are typed as researchers write them and read by the one parser (tracker.admin.forms.DayField)."""

from django import forms
from django.contrib import admin

from tracker.admin.calendar import CalendarHierarchy
from tracker.admin.forms import DAY_FIELDS
from tracker.admin.slugs import SlugFromNameAdmin
from tracker.domain.identities import fold_name
from tracker.models import (
    Country,
    Office,
    Organization,
    Person,
    PersonAlias,
    Position,
    Series,
    Source,
    Topic,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """Editors add a state the ISO lists lack (a former state, a user-assigned code) and date it."""

    list_display = ["code", "name", "official_name", "is_former", "valid_from", "valid_until"]
    list_filter = ["is_former"]
    search_fields = ["code", "name", "official_name"]
    fields = ["code", "name", "official_name", "is_former", "valid_from", "valid_until", "wikidata_qid"]
    formfield_overrides = DAY_FIELDS

    def get_readonly_fields(self, request, obj=None):
        # The code is every event's reference to the country: fixed once the country exists.
        return ["code"] if obj is not None else []


@admin.register(Organization)
class OrganizationAdmin(SlugFromNameAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["office"]
    formfield_overrides = DAY_FIELDS


class AliasFormSet(forms.BaseInlineFormSet):
    """Two aliases of one person spelt alike ("Kim Dae-jung", "Kim Dae Jung") are one alias: said on
    the form, before the database's unique constraint would refuse the save."""

    def clean(self) -> None:
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            name = (form.cleaned_data or {}).get("name")
            if not name or (self.can_delete and self._should_delete_form(form)):
                continue
            key = fold_name(name)
            if key in seen:
                raise forms.ValidationError(f"“{name}” and “{seen[key]}” are the same alias; keep one.")
            seen[key] = name


class PersonAliasInline(admin.TabularInline):
    """Other spellings the importer matches the person by (case, accents and hyphens aside)."""

    model = PersonAlias
    formset = AliasFormSet
    fields = ["name"]
    extra = 1


@admin.register(Person)
class PersonAdmin(SlugFromNameAdmin):
    list_display = ["name", "native_name", "slug", "wikidata_qid"]
    search_fields = ["name", "native_name", "slug", "aliases__name", "wikidata_qid"]
    inlines = [PersonAliasInline, PositionInline]
    formfield_overrides = DAY_FIELDS


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "country", "organization"]
    list_filter = ["kind"]
    list_select_related = ["country", "organization"]
    search_fields = ["title", "country__name", "organization__name", "organization__acronym"]
    autocomplete_fields = ["country", "organization"]


@admin.register(Position)
class PositionAdmin(CalendarHierarchy, admin.ModelAdmin):
    list_display = ["person", "office", "start_date", "end_date"]
    list_select_related = ["person", "office__country", "office__organization"]
    search_fields = ["person__name", "office__title", "office__country__name"]
    autocomplete_fields = ["person", "office"]
    date_hierarchy = "start_date"
    formfield_overrides = DAY_FIELDS


@admin.register(Topic)
class TopicAdmin(SlugFromNameAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Series)
class SeriesAdmin(SlugFromNameAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["publisher", "title", "published_on", "accessed_on"]
    list_filter = ["publisher"]
    search_fields = ["publisher", "title", "url"]
    formfield_overrides = DAY_FIELDS
