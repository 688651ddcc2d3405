import json
import time

from django.core.management.base import BaseCommand

from monenfant.search.services import rebuild_search_entries


class Command(BaseCommand):
    help = (
        "Rewrite the search table and its spatial index from the childminders and structures "
        "(after bulk writes that bypass the services, or to repair it)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = rebuild_search_entries()
        self.stdout.write(
            json.dumps({"search_entries": rows, "seconds": round(time.monotonic() - started, 1)})
        )
