from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

# Decision D4: the first password of an account created by a CAF is chosen through a link
# valid 6 days (a reset link lives PASSWORD_RESET_TIMEOUT, 24 hours).
PASSWORD_CREATION_TIMEOUT = 6 * 24 * 3600


class PasswordCreationTokenGenerator(PasswordResetTokenGenerator):
    """As Django's reset token (dies once the password is set, since the hash changes) with its
    own salt, so that a reset token is no creation token, and a 6-day life."""

    key_salt = "monenfant.accounts.tokens.PasswordCreationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= PASSWORD_CREATION_TIMEOUT


password_creation_token = PasswordCreationTokenGenerator()
