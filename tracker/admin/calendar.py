"""The admin's date hierarchy over the days the tracker stores (tracker.domain.dates: 0001 to 9999)."""

from datetime import date

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from tracker.domain.dates import DAY, MONTH, YEAR, period_bounds


class CalendarChangeList(ChangeList):
    """A change list whose date hierarchy (?start_date__year=…&…__month=…&…__day=…) selects the
    first to the last day of that year, month or day.

    Django's own bound is the day after the period, which does not exist after 31 Dec 9999: drilling
    into 9999 was a 500. A year, month or day that is not one (0, 13, 10000, "x") is Django's
    IncorrectLookupParameters, which the admin answers with its "?e=1" page, as for any bad lookup.
    """

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        field = self.date_hierarchy
        if not field or f"{field}__year" not in lookup_params:
            return lookup_params
        year, month, day = (lookup_params.pop(f"{field}__{part}", None) for part in ("year", "month", "day"))
        precision = DAY if day else MONTH if month else YEAR
        try:
            first_day = date(int(year[-1]), int(month[-1]) if month else 1, int(day[-1]) if day else 1)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc
        first, last = period_bounds(first_day, precision)
        lookup_params[f"{field}__gte"] = [first]
        lookup_params[f"{field}__lte"] = [last]
        return lookup_params


class CalendarHierarchy:
    """For a ModelAdmin whose date_hierarchy must reach every stored day (CalendarChangeList)."""

    def get_changelist(self, request, **kwargs):
        return CalendarChangeList
