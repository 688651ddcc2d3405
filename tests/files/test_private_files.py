"""Private files: checked by their bytes, size and name; stored without a URL; streamed after a
permission check; deleted with their owner; downloads audited."""

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.files.content import FileType
from monenfant.files.forms import PrivateFileField
from monenfant.files.models import PrivateFile
from monenfant.files.services import private_file_store
from monenfant.files.storage import PrivateFileSystemStorage
from tests.backoffice.helpers import log_in
from tests.factories import (
    ChildminderFactory,
    HabilitationFactory,
    StructureFactory,
    UserFactory,
    commune,
    staff_user,
)

# Real headers: a Windows executable (DOS stub "MZ" then the PE offset), a Linux ELF binary.
PE_HEADER = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + (b"\x80\x00\x00\x00")
)
ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


class AgrementForm(DsfrBaseForm):
    number = forms.CharField(label="Numéro d'agrément")
    document = PrivateFileField(label="Agrément", accepted=(FileType.PDF, FileType.JPEG))


def submit(name, content, number="AG-16-2024-001"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return AgrementForm({"number": number}, {"document": upload})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agrement.pdf", PE_HEADER + b"\x00" * 200, "n'est pas un format accepté"),
        ("agrement.pdf", ELF_HEADER + b"\x00" * 200, "n'est pas un format accepté"),
        ("agrement.pdf", b"", "Le fichier est vide."),
        ("agrement.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024), "dépasse la taille maximale de 10"),
        ("agrement.pdf", PNG, "n'est pas un format accepté"),  # a real PNG, not accepted here
    ],
)
def test_refused_uploads_get_a_french_message_and_keep_the_rest_of_the_form(name, content, message):
    form = submit(name, content)
    assert not form.is_valid()
    assert list(form.errors) == ["document"]
    assert message in form.errors["document"][0]
    html = str(form)
    assert 'value="AG-16-2024-001"' in html
    assert message.replace("'", "&#x27;") in html


def test_the_empty_file_message_is_ours():
    # Django refuses an empty upload on its own; the text must still be French and ours.
    form = submit("agrement.pdf", b"")
    assert form.errors["document"] == ["Le fichier est vide."]


@pytest.mark.parametrize(
    ("name", "content", "file_type", "safe_name"),
    [
        ("Agrément Mme Dupont.pdf", PDF, FileType.PDF, "Agrement-Mme-Dupont.pdf"),
        ("../../etc/passwd.jpeg", JPEG, FileType.JPEG, "passwd.jpg"),
        # A PDF named .jpg is a PDF: the name follows the content.
        ("scan.jpg", PDF, FileType.PDF, "scan.pdf"),
        ("C:\\Users\\x\\photo<script>.JPG", JPEG, FileType.JPEG, "photo-script.jpg"),
    ],
)
def test_accepted_uploads_are_typed_by_content_and_renamed_safely(
    name, content, file_type, safe_name
):
    form = submit(name, content)
    assert form.is_valid(), form.errors
    upload = form.cleaned_data["document"]
    assert (upload.file_type, upload.safe_name) == (file_type, safe_name)


def test_size_limit_is_per_use():
    class ImportForm(DsfrBaseForm):
        data = PrivateFileField(accepted=(FileType.CSV, FileType.XML), max_size=1024)

    def check(name, content):
        form = ImportForm({}, {"data": SimpleUploadedFile(name, content)})
        return form.is_valid(), form.errors.get("data")

    assert check("liste.csv", "nom;prénom\nDupont;Éloïse\n".encode())[0]
    assert check("liste.csv", "nom;prénom\nDupont;Éloïse\n".encode("cp1252"))[0]
    assert check("export.xml", b'<?xml version="1.0"?><a/>')[0]
    valid, errors = check("liste.csv", b"a;b\n" * 300)
    assert not valid and errors == ["Le fichier dépasse la taille maximale de 0.000976562\u00a0Mo."]
    assert not check("liste.csv", b"a;b\x00\x01\x02")[0]  # binary bytes are no text
    assert not check("liste.csv", PE_HEADER)[0]


@pytest.fixture
def stored(db, tmp_path):
    # The field's storage is resolved once, when the model loads: swap it for a temporary one.
    field = PrivateFile._meta.get_field("file")
    original = field.storage
    field.storage = PrivateFileSystemStorage(location=tmp_path)
    structure = StructureFactory(commune=commune("16015"))
    uploader = UserFactory()
    form = submit("Agrément.pdf", PDF)
    assert form.is_valid()
    private_file = private_file_store(
        upload=form.cleaned_data["document"],
        owner=structure,
        purpose="rpe_document",
        actor=uploader,
    )
    yield private_file, structure, uploader
    field.storage = original


def download_url(private_file):
    return reverse("files:download", args=[private_file.pk])


def test_a_stored_file_has_no_url_and_keeps_no_user_name_on_disk(stored):
    private_file, _structure, _uploader = stored
    with pytest.raises(ValueError):
        private_file.file.url  # noqa: B018 — no base URL: nothing to serve it
    assert str(private_file.pk) in private_file.file.name
    assert "Agr" not in private_file.file.name
    with private_file.file.open("rb") as stored_bytes:
        assert stored_bytes.read() == PDF


@pytest.mark.parametrize("who", ["anonymous", "stranger", "agent_other_caf", "other_manager"])
def test_a_stored_file_cannot_be_fetched_without_the_right_session(client, stored, who):
    private_file, _structure, _uploader = stored
    users = {
        "anonymous": None,
        "stranger": UserFactory(),
        "agent_other_caf": staff_user(Role.CAF_AGENT, "CAF751"),
        "other_manager": HabilitationFactory().person,
    }
    if users[who] is not None:
        log_in(client, users[who])
    response = client.get(download_url(private_file))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="private_file_downloaded").exists()


@pytest.mark.parametrize("who", ["uploader", "agent_of_its_caf", "habilitated_person"])
def test_allowed_people_download_the_bytes_and_the_download_is_audited(client, stored, who):
    private_file, structure, uploader = stored
    users = {
        "uploader": uploader,
        "agent_of_its_caf": staff_user(Role.CAF_AGENT, "CAF161"),
        "habilitated_person": HabilitationFactory(structure=structure).person,
    }
    log_in(client, users[who])
    response = client.get(download_url(private_file))
    assert response.status_code == 200
    # Consuming the stream closes the file (the test client's wrapper; an explicit close()
    # would also close the database connection of the test on PostgreSQL).
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Agrement.pdf"'
    entry = AuditEntry.objects.get(action="private_file_downloaded")
    assert entry.actor == users[who] and entry.target_id == str(private_file.pk)


def test_files_are_deleted_with_their_owner(stored, django_capture_on_commit_callbacks):
    private_file, structure, _uploader = stored
    storage, name = private_file.file.storage, private_file.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        structure.delete()
    assert not PrivateFile.objects.exists()
    assert not storage.exists(name)


def test_childminder_documents_are_read_by_moderators_not_by_another_caf(client, stored):
    private_file, _structure, _uploader = stored
    childminder = ChildminderFactory()
    PrivateFile.objects.filter(pk=private_file.pk).update(
        owner_type=ContentType.objects.get_for_model(childminder), owner_id=childminder.pk
    )
    assert childminder.caf.code != "CAF751"
    # The national pool of moderators (a membership without CAF, decision D1) reads every
    # CAF's documents; a moderator role attached to one CAF counts in that CAF only.
    log_in(client, staff_user(Role.MODERATOR, None))
    response = client.get(download_url(private_file))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.logout()
    log_in(client, staff_user(Role.CAF_AGENT, "CAF751"))
    assert client.get(download_url(private_file)).status_code == 404
