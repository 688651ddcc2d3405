from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "monenfant" / "templates" / "backoffice"
PARTIALS = {"base.html", "site_bar.html", "_changed_field.html"}


def test_every_backoffice_page_shows_the_active_site():
    """Pages extend backoffice/base.html, which shows the active CAF and the boussole."""
    pages = [path for path in TEMPLATES.glob("*.html") if path.name not in PARTIALS]
    assert pages
    offenders = [
        path.name
        for path in pages
        if not path.read_text().startswith('{% extends "backoffice/base.html" %}')
    ]
    assert offenders == []
