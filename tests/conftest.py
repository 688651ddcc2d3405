import os

import factory.random
import pytest
from django.core.cache import cache
from django.core.management import call_command
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
