import pytest


@pytest.fixture
def demo(db):
    """The demo records (Nara summit and the meetings around it)."""
    from tracker.demo import load_demo

    load_demo()
