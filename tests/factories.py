import datetime
import decimal

import factory

from monenfant.accounts.models import User
from monenfant.referential.models import Caf, Commune

DEFAULT_PASSWORD = "Monenfant2025!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    class Params:
        technical_staff = factory.Trait(is_staff=True)
        # Professional accounts outside the CAF network (monenfant.accounts.enums.AccountKind).
        childminder_account = factory.Trait(kind="childminder")
        habilitated_person = factory.Trait(kind="habilitated_person")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def commune(insee_code: str):
    """A real commune of the loaded referential (tests never invent communes)."""
    from monenfant.referential.models import Commune

    return Commune.objects.select_related("departement").get(insee_code=insee_code)


class ChildminderFactory(factory.django.DjangoModelFactory):
    """Validated, with places, at Angoulême's town hall unless told otherwise. Place it with
    commune=commune("75056") and latitude/longitude."""

    class Meta:
        model = "childminders.Childminder"

    display_name = factory.Faker("name", locale="fr_FR")
    civility = "madame"
    status = "valide"
    address = factory.Faker("street_address", locale="fr_FR")
    commune = factory.LazyFunction(lambda: commune("16015"))
    postal_code = factory.LazyAttribute(lambda o: o.commune.postal_codes[0])
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    phone = "05 45 00 00 00"
    email = factory.Sequence(lambda n: f"asm{n}@example.org")
    agrement_starts_on = datetime.date(2022, 1, 1)
    agrement_ends_on = datetime.date(2032, 1, 1)
    capacity = 4
    available_places = 2
    availability_confirmed_on = factory.LazyFunction(datetime.date.today)
    hourly_rate = decimal.Decimal("4.20")

    class Params:
        pending = factory.Trait(status="en_attente")
        suspended = factory.Trait(status="suspendu")
        radiated = factory.Trait(status="radie")
        rejected = factory.Trait(status="rejete")
        full = factory.Trait(available_places=0)
        shows_address = factory.Trait(show_address=True)
        hides_phone = factory.Trait(hide_phone=True, phone="06 12 34 56 78")
        hides_email = factory.Trait(hide_email=True, email="cache@example.org")


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "childminders.Availability"
        skip_postgeneration_save = True

    childminder = factory.SubFactory(ChildminderFactory)
    weekday = 1
    starts_at = datetime.time(7, 30)
    ends_at = datetime.time(18, 30)
    places = 2

    @factory.post_generation
    def summary(self, create, extracted, **kwargs):
        # As the childminder's space will: the search reads the summary columns.
        if create:
            self.childminder.refresh_availability_summary()


class StructureFactory(factory.django.DjangoModelFactory):
    """A validated EAJE at Angoulême's town hall unless told otherwise."""

    class Meta:
        model = "structures.Structure"
        skip_postgeneration_save = True

    kind = "eaje"
    eaje_type = "collectif"
    psu = True
    name = factory.Sequence(lambda n: f"Crèche des Lilas {n}")
    status = "valide"
    address = factory.Faker("street_address", locale="fr_FR")
    commune = factory.LazyFunction(lambda: commune("16015"))
    postal_code = factory.LazyAttribute(lambda o: o.commune.postal_codes[0])
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    phone = "05 45 11 11 11"
    email = factory.Sequence(lambda n: f"structure{n}@example.org")
    capacity = 30
    age_min_months = 2
    age_max_months = 48

    class Params:
        draft = factory.Trait(status="brouillon")
        pending = factory.Trait(status="en_attente")
        rpe = factory.Trait(kind="rpe", eaje_type="", psu=False, capacity=None)

    @factory.post_generation
    def communes_served(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes_served.set(extracted)


class OpeningPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "structures.OpeningPeriod"
        skip_postgeneration_save = True

    structure = factory.SubFactory(StructureFactory)
    weekday = 1
    opens_at = datetime.time(7, 30)
    closes_at = datetime.time(18, 30)

    @factory.post_generation
    def summary(self, create, extracted, **kwargs):
        if create:
            self.structure.refresh_opening_days()


class HalfDayAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "structures.HalfDayAvailability"
        skip_postgeneration_save = True

    structure = factory.SubFactory(StructureFactory)
    date = factory.LazyFunction(datetime.date.today)
    half_day = "matin"
    status = "disponible"
    places = 2

    @factory.post_generation
    def summary(self, create, extracted, **kwargs):
        if create:
            self.structure.refresh_free_dates()


class CafMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "backoffice_access.CafMembership"

    user = factory.SubFactory(UserFactory)
    role = "caf_agent"
    caf = factory.LazyFunction(lambda: Caf.objects.get(code="CAF751"))


def staff_user(role, caf_code="CAF751", **kwargs):
    """A back-office user holding `role` in `caf_code` (None: a national membership)."""
    user = UserFactory(**kwargs)
    caf = Caf.objects.get(code=caf_code) if caf_code else None
    CafMembershipFactory(user=user, role=role, caf=caf)
    return user


# Two ranges a day, as a full-time sheet shows them.
DAY_RANGES = (
    (datetime.time(7, 30), datetime.time(12)),
    (datetime.time(13, 30), datetime.time(18, 30)),
)


def fill_week_of_availability(childminder, weekdays=range(2, 8)):
    """Morning and afternoon availability on each of `weekdays`."""
    for weekday in weekdays:
        for starts_at, ends_at in DAY_RANGES:
            AvailabilityFactory(
                childminder=childminder, weekday=weekday, starts_at=starts_at, ends_at=ends_at
            )


def fill_structure_sheet(structure):
    """Much more to show: opening periods Tuesday to Saturday, every half-day of the next
    30 days, 20 more communes served (of the structure's département)."""
    for weekday in range(2, 7):
        for opens_at, closes_at in DAY_RANGES:
            OpeningPeriodFactory(
                structure=structure, weekday=weekday, opens_at=opens_at, closes_at=closes_at
            )
    today = datetime.date.today()
    for offset in range(1, 30):
        for half_day in ("matin", "apres_midi"):
            HalfDayAvailabilityFactory(
                structure=structure, date=today + datetime.timedelta(days=offset), half_day=half_day
            )
    structure.communes_served.add(
        *Commune.objects.filter(departement=structure.commune.departement)
        .exclude(pk=structure.commune.pk)
        .order_by("insee_code")[:20]
    )


class HabilitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "habilitations.Habilitation"

    person = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)


class _ManagerIdentity(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Association Petite Enfance {n}")
    address = "1 place de l'Hôtel de Ville"
    postal_code = "75004"
    city = "Paris"
    contact_first_name = "Camille"
    contact_last_name = "Martin"
    contact_function = "Directrice"
    contact_email = factory.Sequence(lambda n: f"gestionnaire{n}@example.org")
    contact_phone = "01 23 45 67 89"
    caf = factory.LazyFunction(lambda: Caf.objects.get(code="CAF751"))

    @factory.post_generation
    def structures(self, create, extracted, **kwargs):
        if create and extracted:
            self.structures.set(extracted)


class HabilitationRequestFactory(_ManagerIdentity):
    """A request « Non traitée » of CAF751; persons=[(first, last, email, function)]."""

    class Meta:
        model = "habilitations.HabilitationRequest"
        skip_postgeneration_save = True

    @factory.post_generation
    def persons(self, create, extracted, **kwargs):
        for first_name, last_name, email, function in extracted or ():
            self.persons.create(
                first_name=first_name, last_name=last_name, email=email, function=function
            )


class ManagerFactory(_ManagerIdentity):
    """A manager « Habilité » of CAF751. Its habilitations are made by the services."""

    class Meta:
        model = "habilitations.Manager"
        skip_postgeneration_save = True
