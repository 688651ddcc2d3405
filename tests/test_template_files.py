"""Templates: no unknown variable, no unused file, no reference to a missing one."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from monenfant.www.public.views import CONTENT_PAGES

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "monenfant" / "templates"

# Template files no code names, each with why it must stay.
ALLOWED_UNREFERENCED = {
    # Django's default error views load these by name.
    "400.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "500.html",
    # A neutral e-mail: the outbox tests send it (templates/emails/<name>.* of mailing).
    "emails/test_message.subject.txt",
    "emails/test_message.txt",
    "emails/test_message.html",
}

# A template name in quotes: "dir/name.html", "name.txt".
QUOTED_NAME = re.compile(r"""["']([\w./-]+\.(?:html|txt))["']""")
# send_templated_email(template="name") renders emails/name.{subject.txt,txt,html}.
EMAIL_TEMPLATE = re.compile(r"""template\s*=\s*["'](\w+)["']""")
EMAIL_PARTS = ("subject.txt", "txt", "html")


def our_template_files():
    return {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.*")}


def referenced_names():
    """Template names written in the code and in the templates."""
    sources = [
        path
        for path in (ROOT / "monenfant").rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    ]
    names = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        names |= set(QUOTED_NAME.findall(text))
        if path.suffix == ".py":
            for email in EMAIL_TEMPLATE.findall(text):
                names |= {f"emails/{email}.{part}" for part in EMAIL_PARTS}
    # public/views.py renders f"public/pages/{slug}.html" for each content page.
    names |= {f"public/pages/{slug}.html" for slug in CONTENT_PAGES}
    return names


def test_every_template_file_is_used():
    unused = our_template_files() - referenced_names() - ALLOWED_UNREFERENCED
    assert unused == set(), "unused templates: delete them or name them in the allow-list"


def test_every_template_named_exists():
    missing = []
    for name in sorted(referenced_names()):
        try:
            get_template(name)
        except TemplateDoesNotExist:
            missing.append(name)
    assert missing == []


def test_the_allow_list_holds_only_existing_files():
    assert set() == ALLOWED_UNREFERENCED - our_template_files()


def test_an_unknown_variable_in_our_templates_fails_the_test():
    context = {"site_name": "monenfant.fr", "site_url": "https://monenfant.fr"}
    assert "Camille" in render_to_string("emails/test_message.txt", {**context, "name": "Camille"})
    with pytest.raises(pytest.fail.Exception, match=r"« name » in .*test_message\.txt"):
        render_to_string("emails/test_message.txt", context)
