"""Benchmark of « Gestion des assistants maternels » and of the département files; prints one
JSON line (see docs/performance.md).

In one transaction rolled back at the end (the database is left as it was): creates a
Nord-sized CAF register (`--childminders`, default 20,000, in the CAF of the Nord) and an agent,
then through the Django test client (server time: URL resolution, middleware, views, queries,
templates; no network):
- requests the list pages `--requests` times (every state filter, every sort, first, middle and
  last pages, a name and a commune search) and reports p50/p95/max;
- uploads a `--lines`-line département file (withdrawals, suspensions, lifted suspensions,
  cessations matched by licence number or names, plus unmatched and ambiguous lines), times the
  preview page, then the confirmation that applies it.
Needs the referential (`load_referential`). Private files go to a temporary directory.
"""

import json
import random
import statistics
import tempfile
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.middleware import ACTIVE_CAF_SESSION_KEY
from monenfant.backoffice_access.models import CafMembership
from monenfant.childminders.models import Childminder
from monenfant.devtools.guard import refuse_production
from monenfant.files.models import PrivateFile
from monenfant.files.storage import PrivateFileSystemStorage
from monenfant.referential.models import Caf, Commune

HEADER = "mouvement;numero_agrement;nom;prenom;date_naissance;code_insee;commune;date_effet\n"
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]
FIRST_NAMES = ["Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sandrine", "Céline"]


class _Rollback(Exception):
    pass


def percentile(values, share):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))], 1)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--childminders", type=int, default=20_000)
        parser.add_argument("--lines", type=int, default=5_000)
        parser.add_argument("--requests", type=int, default=60)
        parser.add_argument("--caf", default="CAF591")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        refuse_production("bench_childminder_management")
        caf = Caf.objects.filter(code=options["caf"]).first()
        if caf is None or not Commune.objects.exists():
            raise CommandError("Load the referential first: manage.py load_referential")
        field = PrivateFile._meta.get_field("file")
        original_storage = field.storage
        result = {}
        with tempfile.TemporaryDirectory() as directory:
            field.storage = PrivateFileSystemStorage(location=directory)
            try:
                with override_settings(ALLOWED_HOSTS=["*"]), transaction.atomic():
                    result = self._run(caf, options)
                    raise _Rollback
            except _Rollback:
                pass
            finally:
                field.storage = original_storage
        self.stdout.write(json.dumps(result))

    def _run(self, caf, options):
        rng = random.Random(options["seed"])
        communes = list(Commune.objects.filter(departement=caf.departement_id)[:300])
        started = time.perf_counter()
        rows = []
        for n in range(options["childminders"]):
            commune = communes[n % len(communes)]
            last, first = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES)
            status = rng.choices(
                ["valide", "attente_elements", "suspendu", "radie"], weights=[85, 5, 5, 5]
            )[0]
            rows.append(
                Childminder(
                    display_name=f"{first} {last} {n}",
                    first_names=first,
                    usage_name=f"{last}{n}",
                    status=status,
                    address=f"{n} rue de la Gare",
                    postal_code=(commune.postal_codes or ["59000"])[0],
                    commune=commune,
                    caf=caf,
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                    public_latitude=commune.latitude,
                    public_longitude=commune.longitude,
                    email=f"bench{n}@example.org",
                    agrement_number=f"AGR-59-{n:06}",
                    agrement_starts_on="2022-01-01",
                    agrement_ends_on=f"20{27 + n % 8}-0{1 + n % 9}-15",
                    capacity=4,
                )
            )
        Childminder.objects.bulk_create(rows, batch_size=2000)
        generated_s = time.perf_counter() - started

        from django.contrib.auth import get_user_model

        agent = get_user_model().objects.create_user(
            email="bench.agent@example.org", password=None, first_name="Bench"
        )
        CafMembership.objects.create(user=agent, caf=caf, role=Role.CAF_AGENT)
        client = Client()
        client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[ACTIVE_CAF_SESSION_KEY] = caf.pk
        session.save()

        list_ms = self._list_pages(client, options["requests"], rng)
        preview_s, apply_s, counts = self._departement_file(client, caf, options["lines"], rng)
        return {
            "engine": connection.vendor,
            "caf": caf.code,
            "childminders": options["childminders"],
            "generated_s": round(generated_s, 1),
            "list_requests": len(list_ms),
            "list_p50_ms": percentile(list_ms, 0.5),
            "list_p95_ms": percentile(list_ms, 0.95),
            "list_max_ms": round(max(list_ms), 1),
            "list_mean_ms": round(statistics.fmean(list_ms), 1),
            "file_lines": options["lines"],
            "preview_s": round(preview_s, 2),
            "apply_s": round(apply_s, 2),
            "apply_counts": counts,
        }

    def _list_pages(self, client, requests, rng):
        url = "/administration/assistants-maternels/"
        queries = []
        for state in ("valide", "attente_elements", "suspendu", "radie"):
            for order in ("nom", "-nom", "commune", "agrement", "-agrement"):
                queries.append({"etat": state, "tri": order})
        queries += [{"page": "170"}, {"page": "340"}, {"page": "last"}]
        queries += [{"nom": "nathalie martin"}, {"commune": "lille"}, {"commune": "59000"}]
        durations = []
        client.get(url)  # warm-up
        for n in range(requests):
            query = queries[n % len(queries)]
            before = time.perf_counter()
            response = client.get(url, query)
            durations.append((time.perf_counter() - before) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{query}: HTTP {response.status_code}")
        return durations

    def _departement_file(self, client, caf, lines, rng):
        by_status = {}
        for status, number, first, usage in Childminder.objects.filter(caf=caf).values_list(
            "status", "agrement_number", "first_names", "usage_name"
        ):
            by_status.setdefault(status, []).append((number, first, usage))
        movements = {
            "retrait": by_status.get("valide", []),
            "suspension": by_status.get("valide", []),
            "levée de suspension": by_status.get("suspendu", []),
            "cessation": by_status.get("valide", []) + by_status.get("attente_elements", []),
        }
        used, text = set(), [HEADER]
        for n in range(lines):
            kind = rng.choice(list(movements))
            if n % 50 == 0:
                text.append(f"{kind};AGR-00-{n:06};Inconnue;Personne;;;;\n")
                continue
            number, first, usage = rng.choice(movements[kind])
            if number in used:
                text.append(f"{kind};;Martin;Marie;;;;\n")  # ambiguous (or unmatched)
                continue
            used.add(number)
            by_name = n % 3 == 0
            text.append(f"{kind};{'' if by_name else number};{usage};{first};;;;01/11/2026\n")
        upload = SimpleUploadedFile(
            "departement.csv", "".join(text).encode(), content_type="text/csv"
        )
        response = client.post("/administration/assistants-maternels/fichiers/", {"file": upload})
        if response.status_code != 302:
            raise CommandError(f"upload: HTTP {response.status_code}")
        preview_url = response["Location"]
        before = time.perf_counter()
        response = client.get(preview_url)
        preview_s = time.perf_counter() - before
        if response.status_code != 200:
            raise CommandError(f"preview: HTTP {response.status_code}")
        before = time.perf_counter()
        response = client.post(preview_url)
        apply_s = time.perf_counter() - before
        from monenfant.childminders.models import DepartementFile

        report = DepartementFile.objects.get(pk=int(preview_url.rstrip("/").split("/")[-1])).report
        counts = {}
        for entry in report:
            counts[entry["outcome"]] = counts.get(entry["outcome"], 0) + 1
        return preview_s, apply_s, counts
