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
    # The technical team must use a second factor too (issue 8): same demo key.
    for user in User.objects.filter(
        email__in=[DEMO_NATIONAL_ADMIN, *(a[0] for a in DEMO_ACCOUNTS)]
    ):
        TOTPDevice.objects.get_or_create(
            user=user,
            defaults={"name": "Démo", "key": DEMO_TOTP_KEY_HEX, "confirmed": True},
        )
    return created
