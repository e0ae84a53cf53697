from django.core.management.base import BaseCommand

from tracker.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo records (the Nara summit and the meetings around it). Safe to run again."

    def handle(self, *args, **options) -> None:
        created = load_demo()
        total = sum(created.values())
        if total:
            details = ", ".join(f"{number} {label}" for label, number in created.items() if number)
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {details}."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
