import pytest

from monenfant.referential.models import Caf


@pytest.fixture
def paris(db):
    return Caf.objects.get(code="CAF751")


@pytest.fixture
def bouches_du_rhone(db):
    return Caf.objects.get(code="CAF131")
