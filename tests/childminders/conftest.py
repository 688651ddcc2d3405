import pytest
from django.test import Client

from monenfant.files.models import PrivateFile
from monenfant.files.storage import PrivateFileSystemStorage


@pytest.fixture(autouse=True)
def private_storage(tmp_path):
    # The field's storage is resolved once, when the model loads: swap it for a temporary one.
    field = PrivateFile._meta.get_field("file")
    original = field.storage
    field.storage = PrivateFileSystemStorage(location=tmp_path)
    yield
    field.storage = original


@pytest.fixture(autouse=True)
def committed_requests(monkeypatch, django_capture_on_commit_callbacks):
    """Each request of the test client commits as in production: its e-mails leave (the test's
    transaction would otherwise keep the on-commit callbacks forever)."""
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
