"""The cyclic garbage collector is paused while a timeline or an import builds its objects, and always
handed back as it was, also when several threads pause it at once."""

import gc
import threading

import pytest

from tests.builders_reader import make_event
from tracker.charts import timeline
from tracker.infra.collector import cyclic_gc_paused
from tracker.models import Event
from tracker.queries import timeline_data


@pytest.fixture(autouse=True)
def _collector_enabled():
    gc.enable()
    yield
    gc.enable()


def test_a_paused_section_restores_the_collector_even_when_it_fails():
    with pytest.raises(ValueError), cyclic_gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with cyclic_gc_paused():
        pass
    assert not gc.isenabled()


def test_nested_sections_restore_the_collector_only_when_the_outer_one_ends():
    with cyclic_gc_paused():
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_sections_in_two_threads_keep_it_paused_until_the_last_one_ends():
    """The first thread to start ends first: the second is still building, so the collector stays off."""
    second_started, first_ended = threading.Event(), threading.Event()
    seen = {}

    def second():
        with cyclic_gc_paused():
            second_started.set()
            first_ended.wait(5)
            seen["while the second runs"] = gc.isenabled()

    with cyclic_gc_paused():
        worker = threading.Thread(target=second)
        worker.start()
        second_started.wait(5)
    first_ended.set()
    worker.join(5)
    assert seen == {"while the second runs": False}
    assert gc.isenabled()


@pytest.mark.django_db
def test_the_timeline_columns_and_figure_are_built_with_the_collector_paused(monkeypatch):
    make_event("Talks", kind=Event.Kind.PHONE_CALL, host="KR", when="3 Mar 2026")
    seen = []
    build_columns, build_traces = timeline_data._event_columns, timeline.fold_lanes

    def columns_spy(events):
        seen.append(("columns", gc.isenabled()))
        return build_columns(events)

    def traces_spy(*args, **kwargs):
        seen.append(("figure", gc.isenabled()))
        return build_traces(*args, **kwargs)

    monkeypatch.setattr(timeline_data, "_event_columns", columns_spy)
    monkeypatch.setattr(timeline, "fold_lanes", traces_spy)
    figure = timeline.timeline_figure(timeline_data.timeline_rows(Event.objects.all()), "kind")
    assert figure["data"]
    assert ("columns", False) in seen and ("figure", False) in seen
    assert gc.isenabled()


def test_the_wsgi_module_freezes_what_the_server_loaded_before_its_first_request():
    import tracker.wsgi

    assert tracker.wsgi.application is not None
    assert gc.get_freeze_count() > 10_000
