"""The back-office password policy of seed 000: 10 to 24 characters, with an upper case letter,
a lower case letter, a digit and a special character from a fixed list."""

from django.core.exceptions import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 24
SPECIAL_CHARACTERS = "~'!@#$%^&*()-_+={}|\\;:\"<>,./?"


class LengthValidator:
    def validate(self, password, user=None):
        if len(password) < MIN_LENGTH:
            raise ValidationError(
                f"Le mot de passe est trop court : il doit contenir au moins {MIN_LENGTH} caractères.",
                code="password_too_short",
            )
        if len(password) > MAX_LENGTH:
            raise ValidationError(
                f"Le mot de passe est trop long : il doit contenir au plus {MAX_LENGTH} caractères.",
                code="password_too_long",
            )

    def get_help_text(self):
        return f"Entre {MIN_LENGTH} et {MAX_LENGTH} caractères."


class CharacterClassesValidator:
    RULES = (
        (str.isupper, "une lettre majuscule", "password_no_upper"),
        (str.islower, "une lettre minuscule", "password_no_lower"),
        (str.isdigit, "un chiffre", "password_no_digit"),
        (SPECIAL_CHARACTERS.__contains__, "un caractère spécial", "password_no_special"),
    )

    def validate(self, password, user=None):
        errors = [
            ValidationError(f"Le mot de passe doit contenir au moins {label}.", code=code)
            for test, label, code in self.RULES
            if not any(test(char) for char in password)
        ]
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return (
            "Au moins une lettre majuscule, une lettre minuscule, un chiffre et un caractère "
            f"spécial parmi {SPECIAL_CHARACTERS}"
        )
