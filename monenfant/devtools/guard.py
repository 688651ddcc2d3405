from django.conf import settings
from django.core.management.base import CommandError


def refuse_production(command: str) -> None:
    """Development tools write fake data or known passwords: never against production, even
    if someone adds the app to the production settings by mistake."""
    if getattr(settings, "PRODUCTION", False):
        raise CommandError(f"{command} is a development tool: refused with production settings.")
