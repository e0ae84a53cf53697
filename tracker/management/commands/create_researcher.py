import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a staff account in the Researcher group (or Editor with --editor). Asks for the password."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username")
        parser.add_argument("--email", default="")
        parser.add_argument("--editor", action="store_true", help="Also allow publishing and deleting")

    def handle(self, *args, username=None, email="", editor=False, **options) -> None:
        user_model = get_user_model()
        username = username or input("Username: ").strip()
        if not username:
            raise CommandError("A username is required.")
        if user_model.objects.filter(username=username).exists():
            raise CommandError(f"The account {username!r} already exists.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        candidate = user_model(username=username, email=email)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        user = user_model.objects.create_user(username=username, email=email, password=password, is_staff=True)
        group_name = "Editor" if editor else "Researcher"
        user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(self.style.SUCCESS(f"Created {username} in the {group_name} group; log in at /admin/."))
