from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from monenfant.devtools.demo import DEMO_NATIONAL_ADMIN, DEMO_TOTP_KEY_HEX
from monenfant.devtools.guard import refuse_production


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo national administrator (development only)."

    def handle(self, *args, **options):
        refuse_production("demo_totp")
        code = TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX)).token()
        self.stdout.write(f"{DEMO_NATIONAL_ADMIN}: {code:06d}")
