import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command


@pytest.fixture
def typed_password(monkeypatch):
    def answer(password: str, again: str | None = None):
        replies = iter([password, again if again is not None else password])
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))

    return answer


@pytest.mark.django_db
@pytest.mark.parametrize(("flags", "group"), [([], "Researcher"), (["--editor"], "Editor")])
def test_create_researcher_makes_a_staff_account_in_its_group(typed_password, flags, group):
    typed_password("correct horse battery staple")
    call_command("create_researcher", "--username", "ana", *flags)
    user = User.objects.get(username="ana")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.check_password("correct horse battery staple")


@pytest.mark.django_db
def test_create_researcher_refuses_weak_or_mismatched_passwords(typed_password):
    typed_password("password")
    with pytest.raises(CommandError, match="too common"):
        call_command("create_researcher", "--username", "ana")
    typed_password("correct horse battery staple", "something else entirely")
    with pytest.raises(CommandError, match="differ"):
        call_command("create_researcher", "--username", "ana")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_no_account_exists_after_migrating_and_loading_the_demo(demo):
    assert not User.objects.exists()
