from tracker.demo import load_demo
from tracker.models import Citation, Event, Participation, Person, Position, Series, Source, Statement


def test_demo_data_represents_the_founding_article(demo):
    nara = Event.objects.get(slug="lee-takaichi-nara-2026")
    assert nara.when == "13–14 Jan 2026"
    assert nara.place_name == "Nara"
    assert nara.host_country_id == "JP"
    assert nara.series.name == "Korea–Japan shuttle diplomacy"
    assert {"north-korea", "abductions", "seafood-import-ban", "cptpp", "semiconductors"} <= set(
        nara.topics.values_list("slug", flat=True)
    )
    assert set(nara.citations.values_list("source__publisher", flat=True)) == {"Reuters", "Yonhap", "NHK"}
    assert Event.objects.get(slug="lee-state-visit-china-2026").when == "4–7 Jan 2026"
    assert Event.objects.get(slug="korea-seafood-import-ban-2013").when == "2013"
    interview = Event.objects.get(slug="lee-nhk-interview-2026")
    assert interview.when == "Jan 2026"
    assert interview.statements.count() >= 2
    assert Statement.objects.filter(about_event=nara).count() == 2


def test_demo_positions_hand_over_from_ishiba_to_takaichi(demo):
    ishiba = Position.objects.get(person__slug="shigeru-ishiba")
    takaichi = Position.objects.get(person__slug="sanae-takaichi")
    assert ishiba.end_date == takaichi.start_date
    assert ishiba.office == takaichi.office
    lee = Position.objects.get(person__slug="lee-jae-myung")
    assert lee.start_date.isoformat() == "2025-06-04" and lee.end_date is None
    assert Person.objects.filter(slug="kim-jong-un").exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    models = [Event, Participation, Statement, Citation, Source, Person, Position, Series]
    before = {model: model.objects.count() for model in models}
    history_before = Event.history.count() + Participation.history.count()
    created = load_demo()
    assert sum(created.values()) == 0
    assert {model: model.objects.count() for model in models} == before
    assert Event.history.count() + Participation.history.count() == history_before
