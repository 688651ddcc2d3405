from django.core.management import call_command
from django.core.management.base import BaseCommand

from monenfant.devtools.demo import DEMO_PASSWORD, demo_totp_secret, ensure_demo_accounts
from monenfant.devtools.generation import existing_data
from monenfant.devtools.guard import refuse_production
from monenfant.search.services import rebuild_search_entries

# A small, fast data set for the search: one département (Charente), same seed each time.
DEMO_DEPARTEMENT = "16"


class Command(BaseCommand):
    help = "Load the referential and the demo data set, create the demo accounts (idempotent)."

    def handle(self, *args, **options):
        refuse_production("setup_demo")
        call_command("load_referential", stdout=self.stdout)
        if existing_data():
            self.stdout.write("Childminders and structures already present: none generated.")
            # A database from before the search table: fill it (cheap at this scale).
            rebuild_search_entries()
        else:
            call_command(
                "generate_data",
                scale="departement",
                code=DEMO_DEPARTEMENT,
                seed=1,
                stdout=self.stdout,
            )
        accounts = ensure_demo_accounts()
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for email, roles in accounts:
            self.stdout.write(f"  {email:<40} {roles}")
        self.stdout.write(
            "\nThe national administrator needs a TOTP code: add the key "
            f"{demo_totp_secret()} to an authenticator app, or run `manage.py demo_totp`.\n"
        )
        self.stdout.write("Search demo: /recherche/?commune=16015 (Angoulême)\n")
