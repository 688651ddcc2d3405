"""Realistic, reproducible childminders and structures for demos and benchmarks.

Counts follow the national figures of seed 002 scaled by the population of the chosen area;
each record lands in a commune drawn with a probability proportional to its population, a
little way from its town hall. Everything random comes from one seeded generator, so the same
seed and scale give the same data. Rows are written with bulk_create in large batches.
"""

import heapq
import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from monenfant.childminders.enums import ChildminderStatus, Civility
from monenfant.childminders.models import Availability, Childminder
from monenfant.referential.models import Caf, Commune
from monenfant.search.services import rebuild_search_entries
from monenfant.structures.enums import (
    KINDS_WITH_AVAILABILITY,
    EajeType,
    HalfDay,
    SlotStatus,
    StructureKind,
    StructureStatus,
)
from monenfant.structures.models import HalfDayAvailability, OpeningPeriod, Structure
from monenfant.utils.french import a, de
from monenfant.utils.text import normalize_search_text
from monenfant.utils.weekdays import days_mask

# Seed 002 (monenfant.fr in October 2021). CLAS had no figure yet ("prochainement
# répertoriés"): 2,000 is our assumption.
NATIONAL_CHILDMINDERS = 235_105
NATIONAL_STRUCTURES = {
    StructureKind.EAJE: 15_021,
    StructureKind.MAM: 1_965,
    StructureKind.RPE: 3_384,
    StructureKind.LINF: 2_021,
    StructureKind.ALSH: 26_036,
    StructureKind.LAEP: 1_766,
    StructureKind.SMF: 260,
    StructureKind.HOME_CARE: 3_700,
    StructureKind.ER: 260,
    StructureKind.CLAS: 2_000,
}
SCALES = ("departement", "region", "national")
BATCH = 5_000
CHUNK = 20_000  # records generated, written and forgotten at a time (bounded memory)
KM_PER_DEGREE_LAT = 110.574

# How many communes a service serves, by kind (nearest communes of its département).
SERVED_COMMUNES = {
    StructureKind.RPE: (4, 15),
    StructureKind.LINF: (5, 20),
    StructureKind.ALSH: (1, 4),
    StructureKind.HOME_CARE: (8, 30),
    StructureKind.SMF: (15, 40),
    StructureKind.ER: (15, 40),
    StructureKind.LAEP: (1, 5),
    StructureKind.CLAS: (1, 3),
}
AGE_RANGES = {
    StructureKind.EAJE: (2, 48),
    StructureKind.MAM: (0, 72),
    StructureKind.RPE: (0, 72),
    StructureKind.LINF: (0, 216),
    StructureKind.ALSH: (36, 144),
    StructureKind.LAEP: (0, 72),
    StructureKind.SMF: (0, 216),
    StructureKind.HOME_CARE: (0, 144),
    StructureKind.ER: (0, 216),
    StructureKind.CLAS: (72, 192),
}
NICE_NAMES = [
    "Les Petits Loups", "Les Lucioles", "Pomme d'Api", "Les Doudous", "Les Canaillous",
    "Les P'tits Mômes", "L'Île aux Enfants", "Les Coccinelles", "Les Farfadets", "Arc-en-ciel",
    "Les Galopins", "Les Pitchouns", "La Ribambelle", "Les Bout'chou", "Les Hirondelles",
    "Le Jardin des Lutins", "Les Petits Pas", "Les Trois Pommes", "Les Marmousets", "Les Écureuils",
]  # fmt: skip
ACTIVITIES = [
    "Éveil musical", "Peinture et arts plastiques", "Lecture d'albums", "Jeux d'extérieur",
    "Sorties au parc", "Motricité", "Comptines", "Jardinage", "Cuisine", "Bibliothèque",
    "Activités avec le relais petite enfance", "Pâte à modeler",
]  # fmt: skip
LANGUAGES = [
    "anglais",
    "espagnol",
    "arabe",
    "portugais",
    "italien",
    "allemand",
    "turc",
    "langue des signes",
]
TODAY_OFFSET_DAYS = 30  # availability tables cover J..J+30


@dataclass
class GenerationReport:
    childminders: int = 0
    structures: dict = field(default_factory=dict)
    availabilities: int = 0
    opening_periods: int = 0
    half_days: int = 0
    communes_served: int = 0

    @property
    def structure_total(self) -> int:
        return sum(self.structures.values())


@dataclass(frozen=True)
class Area:
    communes: list  # (id, insee, name, postal_code, lat, lon, population, dept_id)
    caf_by_departement: dict

    @property
    def population(self) -> int:
        return sum(c[6] for c in self.communes)


def load_area(scale: str, code: str | None) -> Area:
    communes = Commune.objects.all()
    if scale == "departement":
        communes = communes.filter(departement__code=code or "16")
    elif scale == "region":
        communes = communes.filter(departement__region__code=code or "75")
    rows = [
        (c.id, c.insee_code, c.name, (c.postal_codes or [""])[0], c.latitude, c.longitude,
         c.population, c.departement_id)
        for c in communes.only(
            "id", "insee_code", "name", "postal_codes", "latitude", "longitude", "population",
            "departement_id",
        ).order_by("insee_code")
    ]  # fmt: skip
    if not rows:
        raise ValueError(f"No commune for scale {scale} and code {code}.")
    cafs = dict(Caf.objects.values_list("departement_id", "id"))
    return Area(communes=rows, caf_by_departement=cafs)


def national_population() -> int:
    return sum(Commune.objects.values_list("population", flat=True))


def existing_data() -> bool:
    return Childminder.objects.exists() or Structure.objects.exists()


def wipe():
    """Delete every childminder and structure fast (plain DELETEs, children first)."""
    models = [
        Availability,
        HalfDayAvailability,
        OpeningPeriod,
        Structure.communes_served.through,
        Childminder,
        Structure,
    ]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    rebuild_search_entries()


class Generator:
    def __init__(self, area: Area, *, seed: int, ratio: float, today: date | None = None):
        self.area = area
        self.rng = random.Random(seed)
        self.ratio = ratio
        self.today = today or timezone.localdate()
        faker = Faker("fr_FR")
        faker.seed_instance(seed)
        # Pools drawn once: Faker per record would dominate the run time at national scale.
        self.female_first_names = [faker.first_name_female() for _ in range(400)]
        self.male_first_names = [faker.first_name_male() for _ in range(200)]
        self.last_names = [faker.last_name() for _ in range(1500)]
        self.streets = [faker.street_name() for _ in range(3000)]
        self.companies = [faker.company() for _ in range(500)]
        self.cum_weights = []
        total = 0
        for commune in area.communes:
            total += max(commune[6], 1)
            self.cum_weights.append(total)
        self.by_id = {commune[0]: commune for commune in area.communes}
        self.by_departement = {}
        for commune in area.communes:
            self.by_departement.setdefault(commune[7], []).append(commune)
        self.report = GenerationReport()

    # -- helpers -------------------------------------------------------------------------
    def count(self, national: int) -> int:
        expected = national * self.ratio
        # Keep at least one of each kind in any area, rounding the rest.
        return max(1, int(expected + 0.5))

    def communes(self, k: int) -> list:
        return self.rng.choices(self.area.communes, cum_weights=self.cum_weights, k=k)

    def near_town_hall(self, commune) -> tuple[float, float]:
        # Wider spread in bigger towns; never more than ~3 km from the town hall.
        sigma_km = min(3.0, 0.3 + math.sqrt(commune[6]) / 150)
        dx, dy = (max(-2.5, min(2.5, self.rng.gauss(0, 1))) * sigma_km for _ in range(2))
        lat = commune[4] + dy / KM_PER_DEGREE_LAT
        lon = commune[5] + dx / (111.320 * math.cos(math.radians(commune[4])))
        return round(lat, 6), round(lon, 6)

    def address(self) -> str:
        return f"{self.rng.randint(1, 120)} {self.rng.choice(self.streets)}"

    def phone(self, mobile: bool) -> str:
        first = self.rng.choice("67") if mobile else self.rng.choice("12345")
        pairs = " ".join(f"{self.rng.randint(0, 99):02d}" for _ in range(4))
        return f"0{first} {pairs}"

    def confirmed_on(self) -> date | None:
        if self.rng.random() < 0.1:
            return None
        return self.today - timedelta(days=int(self.rng.expovariate(1 / 60)) % 400)

    def status(self, weights: dict) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    # -- childminders --------------------------------------------------------------------
    def childminders(self):
        total = self.count(NATIONAL_CHILDMINDERS)
        done = 0
        while done < total:
            size = min(CHUNK, total - done)
            batch, rows = [], []
            for i, commune in enumerate(self.communes(size)):
                childminder = self.childminder(commune, done + i)
                # Rows refer to the unsaved childminder: bulk_create sets its pk first.
                own = self.childminder_availability(childminder)
                childminder.available_days = days_mask({row.weekday for row in own})
                batch.append(childminder)
                rows.extend(own)
            Childminder.objects.bulk_create(batch, batch_size=BATCH)
            Availability.objects.bulk_create(rows, batch_size=BATCH)
            self.report.availabilities += len(rows)
            done += size
        self.report.childminders = total

    def childminder(self, commune, index: int) -> Childminder:
        rng = self.rng
        female = rng.random() < 0.95
        first = rng.choice(self.female_first_names if female else self.male_first_names)
        last = rng.choice(self.last_names)
        lat, lon = self.near_town_hall(commune)
        show_address = rng.random() < 0.3
        hide = rng.random()
        capacity = rng.choices((1, 2, 3, 4), weights=(5, 15, 35, 45))[0]
        places = 0 if rng.random() < 0.55 else rng.randint(1, capacity)
        starts = self.today - timedelta(days=rng.randint(0, 5 * 365))
        age_max = rng.choices((72, 36, 144), weights=(60, 20, 20))[0]
        slug = f"{first}.{last}".lower().replace(" ", "-").replace("'", "")
        return Childminder(
            display_name=f"{first} {last}",
            civility=Civility.MADAME if female else Civility.MONSIEUR,
            status=self.status(
                {
                    ChildminderStatus.VALIDATED: 92,
                    ChildminderStatus.PENDING: 3,
                    ChildminderStatus.SUSPENDED: 2,
                    ChildminderStatus.RADIATED: 2,
                    ChildminderStatus.REJECTED: 1,
                }
            ),
            address=self.address(),
            postal_code=commune[3],
            commune_id=commune[0],
            caf_id=self.area.caf_by_departement[commune[7]],
            latitude=lat,
            longitude=lon,
            public_latitude=lat if show_address else commune[4],
            public_longitude=lon if show_address else commune[5],
            phone=self.phone(mobile=True),
            email=f"{slug}{index}@example.org",
            show_address=show_address,
            hide_phone=hide < 0.15,
            hide_email=0.15 <= hide < 0.35,
            agrement_number=f"{commune[1][:2]}-{rng.randint(10000, 99999)}",
            agrement_starts_on=starts,
            agrement_ends_on=starts + timedelta(days=5 * 365),
            capacity=capacity,
            age_min_months=0 if rng.random() < 0.9 else 3,
            age_max_months=age_max,
            available_places=places,
            available_from=(
                None
                if places == 0 or rng.random() < 0.6
                else self.today + timedelta(days=rng.randint(1, 180))
            ),
            availability_confirmed_on=self.confirmed_on(),
            working_hours=self.working_hours(),
            hourly_rate=Decimal(rng.randint(350, 600)) / 100,
            presentation=(
                f"Assistante maternelle agréée depuis {starts.year}, j'accueille les enfants "
                "dans une maison calme et sécurisée."
                if female
                else f"Assistant maternel agréé depuis {starts.year}, j'accueille les enfants "
                "dans une maison calme et sécurisée."
            ),
            place_description=rng.choice(
                [
                    "Maison avec jardin clos, salle de jeux dédiée.",
                    "Appartement lumineux proche d'un square.",
                    "Maison de plain-pied, chambre réservée aux siestes.",
                ]
            ),
            languages=[
                "français",
                *rng.sample(LANGUAGES, k=rng.choices((0, 1, 2), (70, 25, 5))[0]),
            ],
            activities=rng.sample(ACTIVITIES, k=rng.randint(2, 5)),
        )

    def working_hours(self) -> dict:
        rng = self.rng
        start = rng.choice(("07:00", "07:30", "08:00"))
        end = rng.choice(("17:30", "18:00", "18:30", "19:00"))
        days = [1, 2, 4, 5] if rng.random() < 0.3 else [1, 2, 3, 4, 5]
        return {str(day): [[start, end]] for day in days}

    def childminder_availability(self, childminder: Childminder) -> list[Availability]:
        if not childminder.available_places:
            return []
        rng = self.rng
        rows = []
        for day in sorted(rng.sample(range(1, 6), k=rng.randint(2, 5))):
            if rng.random() < 0.2:  # two ranges: morning and afternoon (school day)
                ranges = [(time(7, 30), time(11, 30)), (time(13, 30), time(18, 30))]
            else:
                ranges = [(time(rng.choice((7, 8))), time(rng.choice((17, 18, 19))))]
            for starts_at, ends_at in ranges:
                places = rng.randint(1, childminder.available_places)
                rows.append(
                    Availability(
                        childminder=childminder,
                        weekday=day,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        places=places,
                    )
                )
        return rows

    # -- structures ----------------------------------------------------------------------
    def structures(self):
        for kind, national in NATIONAL_STRUCTURES.items():
            total = self.count(national)
            done = 0
            while done < total:
                size = min(CHUNK, total - done)
                batch, periods, half_days = [], [], []
                for commune in self.communes(size):
                    structure = self.structure(kind, commune)
                    own = self.opening_periods(structure)
                    structure.opening_days = days_mask({period.weekday for period in own})
                    periods.extend(own)
                    if kind in KINDS_WITH_AVAILABILITY and structure.availability_confirmed_on:
                        table = self.half_days(structure)
                        free = [cell.date for cell in table if cell.places]
                        if free:
                            structure.first_free_on, structure.last_free_on = min(free), max(free)
                        half_days.extend(table)
                    batch.append(structure)
                created = Structure.objects.bulk_create(batch, batch_size=BATCH)
                OpeningPeriod.objects.bulk_create(periods, batch_size=BATCH)
                HalfDayAvailability.objects.bulk_create(half_days, batch_size=BATCH)
                self.report.opening_periods += len(periods)
                self.report.half_days += len(half_days)
                self.communes_served(kind, created)
                done += size
            self.report.structures[kind] = total

    def structure(self, kind: str, commune) -> Structure:
        rng = self.rng
        lat, lon = self.near_town_hall(commune)
        name = rng.choice(NICE_NAMES)
        town = commune[2]
        eaje_type = ""
        capacity = None
        fields = {}
        if kind == StructureKind.EAJE:
            eaje_type = rng.choices(
                (EajeType.COLLECTIVE, EajeType.MICRO, EajeType.FAMILIAL, EajeType.PARENTAL),
                weights=(55, 30, 8, 7),
            )[0]
            capacity = {
                EajeType.COLLECTIVE: rng.randint(20, 60),
                EajeType.MICRO: rng.randint(10, 12),
                EajeType.FAMILIAL: rng.randint(30, 90),
                EajeType.PARENTAL: rng.randint(12, 20),
            }[eaje_type]
            prefix = {
                EajeType.COLLECTIVE: rng.choice(("Crèche", "Multi-accueil")),
                EajeType.MICRO: "Micro-crèche",
                EajeType.FAMILIAL: "Crèche familiale",
                EajeType.PARENTAL: "Crèche parentale",
            }[eaje_type]
            label = f"{prefix} {name}"
            psu = rng.random() < (0.3 if eaje_type == EajeType.MICRO else 0.95)
            fields = {
                "fees": (
                    "Tarif horaire calculé selon le barème national de la Caf (taux d'effort)."
                    if psu
                    else f"Tarif horaire : {rng.randint(8, 12)} €, aide possible par le CMG."
                ),
                "educational_project": "Accompagner chaque enfant à son rythme vers l'autonomie, "
                "par le jeu libre, la motricité et l'éveil culturel.",
                "team": f"{rng.randint(3, 15)} professionnels : auxiliaires de puériculture, "
                "éducatrices de jeunes enfants, CAP accompagnant éducatif petite enfance.",
                "admission_conditions": "Enfants de 10 semaines à 4 ans, familles résidant ou "
                f"travaillant {a(town)}.",
                "registration": "Pré-inscription auprès du relais petite enfance ou du service "
                "petite enfance de la mairie, commission d'attribution trois fois par an.",
                "disabled_children_welcome": "Oui, avec un projet d'accueil individualisé.",
                "closure_periods": "Trois semaines en août, une semaine entre Noël et le jour de l'an.",
            }
        elif kind == StructureKind.MAM:
            label = f"MAM {name}"
            capacity = rng.choice((8, 12, 16))
            psu = False
        else:
            psu = False
            label = {
                StructureKind.RPE: f"Relais Petite Enfance {de(town)}",
                StructureKind.LINF: f"Point info familles {de(town)}",
                StructureKind.ALSH: f"Accueil de loisirs {name}",
                StructureKind.LAEP: f"Lieu d'accueil enfants-parents {name}",
                StructureKind.SMF: f"Médiation familiale {town}",
                StructureKind.HOME_CARE: f"{rng.choice(self.companies)} – garde d'enfants à domicile",
                StructureKind.ER: f"Espace de rencontre {de(town)}",
                StructureKind.CLAS: f"Accompagnement scolaire – centre social {de(town)}",
            }[kind]
            if kind == StructureKind.ALSH:
                capacity = rng.randint(40, 150)
        age_min, age_max = AGE_RANGES[kind]
        has_table = kind in KINDS_WITH_AVAILABILITY
        return Structure(
            kind=kind,
            eaje_type=eaje_type,
            psu=psu,
            name=label[:200],
            search_name=normalize_search_text(label[:200]),
            status=self.status(
                {
                    StructureStatus.VALIDATED: 95,
                    StructureStatus.DRAFT: 3,
                    StructureStatus.PENDING: 2,
                }
            ),
            address=self.address(),
            postal_code=commune[3],
            commune_id=commune[0],
            caf_id=self.area.caf_by_departement[commune[7]],
            latitude=lat,
            longitude=lon,
            phone=self.phone(mobile=False),
            email=f"contact{rng.randint(1, 10**9)}@example.org",
            manager_name=rng.choice(
                (
                    f"Mairie {de(town)}",
                    f"CCAS {de(town)}",
                    "Association Familles Rurales",
                    rng.choice(self.companies),
                )
            ),
            director_name=f"{rng.choice(self.female_first_names)} {rng.choice(self.last_names)}",
            capacity=capacity,
            age_min_months=age_min,
            age_max_months=age_max,
            presentation=f"{StructureKind(kind).label} à {town}.",
            online_desk=kind == StructureKind.LINF and rng.random() < 0.7,
            availability_confirmed_on=self.confirmed_on() if has_table else None,
            **fields,
        )

    def communes_served(self, kind: str, created: list[Structure]):
        served = []
        through = Structure.communes_served.through
        for structure in created:
            if kind in SERVED_COMMUNES:
                low, high = SERVED_COMMUNES[kind]
                for commune_id in self.nearest_communes(structure, self.rng.randint(low, high)):
                    served.append(through(structure_id=structure.pk, commune_id=commune_id))
        through.objects.bulk_create(served, batch_size=BATCH)
        self.report.communes_served += len(served)

    def opening_periods(self, structure: Structure) -> list[OpeningPeriod]:
        """Rows refer to the unsaved structure: bulk_create sets its pk first."""
        rng = self.rng

        def period(day, opens_at, closes_at):
            return OpeningPeriod(
                structure=structure, weekday=day, opens_at=opens_at, closes_at=closes_at
            )

        if structure.kind == StructureKind.ALSH:
            # Wednesdays all day; school days before class, at lunch and after class
            # (three ranges, which only an ALSH may have: seed 000).
            school_day = [
                (time(7, 30), time(8, 30)),
                (time(11, 30), time(13, 30)),
                (time(16, 30), time(18, 30)),
            ]
            return [period(3, time(7, 30), time(18, 30))] + [
                period(day, opens_at, closes_at)
                for day in (1, 2, 4, 5)
                for opens_at, closes_at in school_day
            ]
        if structure.kind in (StructureKind.LAEP, StructureKind.CLAS, StructureKind.ER):
            days = sorted(rng.sample(range(1, 7), k=rng.randint(1, 3)))
            return [period(day, time(14), time(rng.choice((17, 18)))) for day in days]
        if structure.kind in (StructureKind.RPE, StructureKind.LINF, StructureKind.SMF):
            return [
                period(day, opens_at, closes_at)
                for day in range(1, 6)
                for opens_at, closes_at in ((time(9), time(12)), (time(13, 30), time(17)))
            ]
        opens_at = time(rng.choice((7, 8)), rng.choice((0, 30)))
        closes_at = time(rng.choice((17, 18, 19)), rng.choice((0, 30)))
        return [period(day, opens_at, closes_at) for day in range(1, 6)]  # fmt: skip

    def half_days(self, structure: Structure) -> list[HalfDayAvailability]:
        rng = self.rng
        rows = []
        for offset in range(TODAY_OFFSET_DAYS + 1):
            day = self.today + timedelta(days=offset)
            if day.isoweekday() > 5:
                continue
            for half_day in (HalfDay.MORNING, HalfDay.AFTERNOON):
                free = rng.random() < 0.25
                rows.append(
                    HalfDayAvailability(
                        structure=structure,
                        date=day,
                        half_day=half_day,
                        status=SlotStatus.AVAILABLE if free else SlotStatus.UNAVAILABLE,
                        places=rng.randint(1, 3) if free else 0,
                    )
                )
        return rows

    def nearest_communes(self, structure: Structure, k: int) -> list[int]:
        candidates = self.by_departement[self.by_id[structure.commune_id][7]]
        lat, lon = structure.latitude, structure.longitude
        scale = math.cos(math.radians(lat)) ** 2
        nearest = heapq.nsmallest(
            k, candidates, key=lambda c: (c[4] - lat) ** 2 + scale * (c[5] - lon) ** 2
        )
        ids = {c[0] for c in nearest}
        ids.add(structure.commune_id)  # a service always serves its own commune
        return sorted(ids)


def generate(scale: str, *, seed: int, code: str | None = None) -> GenerationReport:
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale}")
    area = load_area(scale, code)
    ratio = 1.0 if scale == "national" else area.population / national_population()
    generator = Generator(area, seed=seed, ratio=ratio)
    with transaction.atomic():
        generator.childminders()
        generator.structures()
        # bulk_create sends no signal: the search table is rebuilt once, in SQL.
        rebuild_search_entries()
    # Fresh statistics so that the planner picks the geographic indexes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return generator.report
