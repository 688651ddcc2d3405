"""The back-office password policy of seed 000: 10 to 24 characters, with an upper case letter,
a lower case letter, a digit and a special character from a fixed list."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MIN_LENGTH = 10
MAX_LENGTH = 24
SPECIAL_CHARACTERS = "~'!@#$%^&*()-_+={}|\\;:\"<>,./?"


class LengthValidator:
    def validate(self, password, user=None):
        if len(password) < MIN_LENGTH:
            raise ValidationError(
                _(
                    "Le mot de passe est trop court : il doit contenir au moins %(count)s "
                    "caractères."
                )
                % {"count": MIN_LENGTH},
                code="password_too_short",
            )
        if len(password) > MAX_LENGTH:
            raise ValidationError(
                _("Le mot de passe est trop long : il doit contenir au plus %(count)s caractères.")
                % {"count": MAX_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("Entre %(min)s et %(max)s caractères.") % {"min": MIN_LENGTH, "max": MAX_LENGTH}


class CharacterClassesValidator:
    RULES = (
        (
            str.isupper,
            gettext_lazy("Le mot de passe doit contenir au moins une lettre majuscule."),
            "password_no_upper",
        ),
        (
            str.islower,
            gettext_lazy("Le mot de passe doit contenir au moins une lettre minuscule."),
            "password_no_lower",
        ),
        (
            str.isdigit,
            gettext_lazy("Le mot de passe doit contenir au moins un chiffre."),
            "password_no_digit",
        ),
        (
            SPECIAL_CHARACTERS.__contains__,
            gettext_lazy("Le mot de passe doit contenir au moins un caractère spécial."),
            "password_no_special",
        ),
    )

    def validate(self, password, user=None):
        errors = [
            ValidationError(message, code=code)
            for test, message, code in self.RULES
            if not any(test(char) for char in password)
        ]
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return _(
            "Au moins une lettre majuscule, une lettre minuscule, un chiffre et un caractère "
            "spécial parmi %(characters)s"
        ) % {"characters": SPECIAL_CHARACTERS}
