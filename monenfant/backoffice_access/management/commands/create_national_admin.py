import secrets
import string

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from monenfant.accounts.password_validation import SPECIAL_CHARACTERS
from monenfant.backoffice_access.services import AccessError, national_admin_create


def temporary_password(length: int = 16) -> str:
    """A random password meeting the back-office policy (one character of each class)."""
    classes = [string.ascii_uppercase, string.ascii_lowercase, string.digits, SPECIAL_CHARACTERS]
    chars = [secrets.choice(group) for group in classes]
    chars += [secrets.choice("".join(classes)) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


class Command(BaseCommand):
    help = (
        "Create a national administrator (CNAF team). The temporary password printed must be "
        "changed at first login, and a TOTP authenticator is enrolled then."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)

    def handle(self, *args, email, first_name, last_name, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Invalid e-mail address: {email}") from error
        password = temporary_password()
        validate_password(password)
        try:
            user = national_admin_create(
                email=email.strip().lower(),
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                password=password,
            )
        except AccessError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"National administrator {user.email} created.\n"
            f"Temporary password (shown once, to change at first login): {password}\n"
        )
