"""Demo accounts for `make run`; never created in production (the command is for development).

Each back-office role exists in two CAFs (CAF751 Paris, CAF161 Charente); the national
administrator reaches every CAF through the boussole and logs in with TOTP, whose secret is
fixed here so that anyone can add it to an authenticator app (or run `manage.py demo_totp`).
"""

import base64

from monenfant.accounts.models import User

DEMO_PASSWORD = "Monenfant2025!"
# Demo only: a fixed TOTP secret (20 bytes, hex as django-otp stores it).
DEMO_TOTP_KEY_HEX = "6d6f6e656e66616e742d64656d6f2d746f747021"
DEMO_NATIONAL_ADMIN = "national@monenfant.test"

DEMO_CAFS = [("CAF751", "paris", "Paris"), ("CAF161", "charente", "Charente")]

DEMO_ACCOUNTS = [
    # email, first name, last name, is_staff, is_superuser, roles shown on the console
    (
        "admin@monenfant.test",
        "Camille",
        "Admin",
        True,
        True,
        "administration technique (tout), TOTP : même clé que le compte national",
    ),
]


def demo_totp_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


def _staff_accounts():
    """(email, first name, last name, login, [(role, caf code or None)], description)"""
    from monenfant.backoffice_access.enums import Role

    accounts = []
    for code, slug, city in DEMO_CAFS:
        for role, prefix, first_name in [
            (Role.CAF_AGENT, "agent", "Alex"),
            (Role.CAF_ADMIN, "admin", "Sacha"),
            (Role.MODERATOR, "moderateur", "Dominique"),
            (Role.RPE_COORDINATOR, "coordinateur", "Claude"),
        ]:
            accounts.append(
                (
                    f"{prefix}.{slug}@monenfant.test",
                    first_name,
                    city,
                    f"{first_name.lower()}.{slug}",
                    [(role, code)],
                    f"{role.label} {code}",
                )
            )
    accounts.append(
        (
            "agent.multi@monenfant.test",
            "Morgan",
            "Multi",
            "morgan.multi",
            [(Role.CAF_AGENT, "CAF751"), (Role.CAF_AGENT, "CAF161")],
            "Agent Caf CAF751 et CAF161 (boussole)",
        )
    )
    accounts.append(
        (
            "moderateur.national@monenfant.test",
            "Noa",
            "Moderation",
            "noa.moderation",
            [(Role.MODERATOR, None)],
            "Modérateur de l'équipe nationale (demandes de toutes les Caf)",
        )
    )
    accounts.append(
        (
            DEMO_NATIONAL_ADMIN,
            "Nathalie",
            "National",
            "nathalie.national",
            [(Role.NATIONAL_ADMIN, None)],
            f"Administrateur national (toutes les Caf), TOTP : clé {demo_totp_secret()}",
        )
    )
    return accounts


def _ensure_user(email, **defaults):
    user, created = User.objects.get_or_create(email=email, defaults=defaults)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def ensure_demo_accounts() -> list[tuple[str, str]]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from monenfant.backoffice_access.models import CafMembership
    from monenfant.referential.models import Caf

    created = []
    for email, first_name, last_name, is_staff, is_superuser, roles in DEMO_ACCOUNTS:
        _ensure_user(
            email,
            first_name=first_name,
            last_name=last_name,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        created.append((email, roles))
    cafs = {caf.code: caf for caf in Caf.objects.filter(code__in=[c for c, _, _ in DEMO_CAFS])}
    for email, first_name, last_name, login, memberships, description in _staff_accounts():
        user = _ensure_user(email, first_name=first_name, last_name=last_name, login=login)
        for role, caf_code in memberships:
            CafMembership.objects.get_or_create(user=user, role=role, caf=cafs.get(caf_code))
        created.append((email, description))
    created.extend(_ensure_moderation_requests())
    # The technical team must use a second factor too (issue 8): same demo key.
    for user in User.objects.filter(
        email__in=[DEMO_NATIONAL_ADMIN, *(a[0] for a in DEMO_ACCOUNTS)]
    ):
        TOTPDevice.objects.get_or_create(
            user=user,
            defaults={"name": "Démo", "key": DEMO_TOTP_KEY_HEX, "confirmed": True},
        )
    return created


# Registration requests waiting in the moderation queue: (e-mail, commune, first name, name,
# hours since sent) — one beyond the 72-hour promise.
DEMO_REQUESTS = [
    ("asm.paris@monenfant.test", "75056", "Inès", "Lefèvre", 5),
    ("asm.angouleme@monenfant.test", "16015", "Paul", "Girard", 80),
]


def _ensure_moderation_requests() -> list[tuple[str, str]]:
    """Pending registrations (accounts kind childminder) for the moderators to try the queue."""
    from datetime import date, timedelta

    from django.utils import timezone

    from monenfant.accounts.enums import AccountKind
    from monenfant.childminders.models import Childminder, ModerationRequest
    from monenfant.referential.models import Commune

    created = []
    for email, insee_code, first_name, name, hours in DEMO_REQUESTS:
        user = _ensure_user(
            email, first_name=first_name, last_name=name, kind=AccountKind.CHILDMINDER
        )
        if ModerationRequest.objects.filter(user=user).exists():
            continue
        commune = Commune.objects.get(insee_code=insee_code)
        childminder = Childminder.objects.create(
            user=user,
            status="en_attente",
            display_name=f"{first_name} {name[0]}.",
            first_names=first_name,
            birth_name=name,
            birth_date=date(1980, 5, 1),
            address="1 place de la Mairie",
            postal_code=commune.postal_codes[0],
            commune=commune,
            latitude=commune.latitude,
            longitude=commune.longitude,
            phone="06 12 34 56 78",
            email=email,
            agrement_departement=commune.departement,
            agrement_starts_on=date(2024, 1, 1),
            agrement_ends_on=date(2034, 1, 1),
            capacity=4,
        )
        ModerationRequest.objects.create(
            kind="inscription",
            status="en_attente",
            user=user,
            email=email,
            childminder=childminder,
            caf=childminder.caf,
            submitted_at=timezone.now() - timedelta(hours=hours),
            data={
                "identity": {"first_names": first_name, "birth_name": name},
                "contact": {
                    "address": childminder.address,
                    "postal_code": childminder.postal_code,
                    "commune": insee_code,
                },
                "licence": {
                    "departement": commune.departement.code,
                    "starts_on": "2024-01-01",
                    "ends_on": "2034-01-01",
                    "capacity": 4,
                },
            },
        )
        created.append((email, f"Assistant maternel, demande d'inscription en attente ({hours} h)"))
    return created
