import json
import time

from django.core.management.base import BaseCommand, CommandError

from monenfant.devtools.generation import SCALES, existing_data, generate, wipe
from monenfant.devtools.guard import refuse_production


class Command(BaseCommand):
    help = (
        "Generate realistic, reproducible childminders and structures: one département "
        "(default Charente, 16), one région (default Nouvelle-Aquitaine, 75) or all France."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="departement")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--code", help="Code of the département or région (INSEE).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every existing childminder and structure first.",
        )

    def handle(self, *args, scale, seed, code, replace, **options):
        refuse_production("generate_data")
        if existing_data():
            if not replace:
                raise CommandError("Data already exist: add --replace to delete them first.")
            wipe()
        started = time.monotonic()
        report = generate(scale, seed=seed, code=code)
        elapsed = time.monotonic() - started
        self.stdout.write(
            json.dumps(
                {
                    "scale": scale,
                    "seed": seed,
                    "seconds": round(elapsed, 1),
                    "childminders": report.childminders,
                    "structures": report.structure_total,
                    "structures_by_kind": {str(k): v for k, v in report.structures.items()},
                    "availabilities": report.availabilities,
                    "opening_periods": report.opening_periods,
                    "half_day_availabilities": report.half_days,
                    "communes_served": report.communes_served,
                }
            )
        )
