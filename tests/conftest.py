import os
import sys
from pathlib import Path

import factory.random
import pytest
from django.conf import settings as settings_module
from django.core.cache import cache
from django.core.management import call_command
from django.template import engines as template_engines
from django.template.base import Node
from hypothesis import settings

# CI runs each property-based test on the same examples every time, so that its verdict does
# not depend on the draw; on developers' machines the examples change from run to run and keep
# exploring (a failure prints the example to replay).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The whole referential of France is loaded once per test database: tests use real
    communes (Angoulême 16015, Paris 75056…), never invented ones."""
    with django_db_blocker.unblock():
        call_command("load_referential", verbosity=0)


@pytest.fixture
def france(django_db_blocker):
    """For transactional tests (live server, worker): the flush that ends each of them empties
    the referential, so a test that needs communes asks for this fixture to reload it."""
    with django_db_blocker.unblock():
        call_command("load_referential", verbosity=0)


@pytest.fixture(autouse=True)
def _reproducible_factories(request):
    """Each test draws the same names and numbers on every run, so that a failure caused by a
    random value (two people named Dupont) reproduces instead of flickering in CI."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages live in the cache; each test starts without them."""
    cache.clear()


class UndefinedTemplateVariable(str):
    """`string_if_invalid` of the test settings: a variable our templates print but the context
    lacks fails the test, naming the variable and the template (a missing variable otherwise
    renders as nothing, and a page silently loses a name or a link). Third-party templates
    (django-dsfr, the Django admin) are theirs to keep: they render as before."""

    # A non-empty string (Django's system check wants a string; an empty one would not be
    # used), that Django formats with the variable's name: the formatting is where it fails.
    def __contains__(self, key):
        return key == "%s"

    def __mod__(self, variable):
        origin = self._origin_of_rendering_node()
        if origin is not None and str(origin.name).startswith(OUR_TEMPLATES):
            pytest.fail(f"Undefined template variable « {variable} » in {origin.name}")
        return ""

    @staticmethod
    def _origin_of_rendering_node():
        # The node, not the template: blocks of our pages render inside django-dsfr's base.
        frame = sys._getframe(2)
        while frame is not None:
            candidate = frame.f_locals.get("self")
            if isinstance(candidate, Node) and getattr(candidate, "origin", None) is not None:
                return candidate.origin
            frame = frame.f_back
        return None


OUR_TEMPLATES = str(Path(__file__).resolve().parent.parent / "monenfant" / "templates")


@pytest.fixture(autouse=True, scope="session")
def _fail_on_undefined_template_variables():
    strict = UndefinedTemplateVariable("<undefined>")
    settings_module.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = strict
    for engine in template_engines.all():
        if hasattr(engine, "engine"):
            engine.engine.string_if_invalid = strict
    yield
