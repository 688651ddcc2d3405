"""Département files (issue 12, point 8): import a CSV of licence movements, preview the match
of every line, apply only after confirmation through the same services, re-import changes
nothing, unreadable files get a French message naming the line."""

import datetime
import string
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.childminders.departement_files import FileError, parse
from monenfant.childminders.models import Childminder
from monenfant.files.models import PrivateFile
from monenfant.files.storage import PrivateFileSystemStorage
from monenfant.mailing.models import OutboxEmail
from monenfant.workflows.models import TransitionLog
from tests.backoffice.helpers import log_in
from tests.factories import ChildminderFactory, UserFactory, commune, staff_user

pytestmark = pytest.mark.django_db
FILES = "/administration/assistants-maternels/fichiers/"
HEADER = "mouvement;numero_agrement;nom;prenom;date_naissance;code_insee;commune;date_effet\n"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "departement-file.csv"


@pytest.fixture
def storage(tmp_path):
    field = PrivateFile._meta.get_field("file")
    original = field.storage
    field.storage = PrivateFileSystemStorage(location=tmp_path)
    yield
    field.storage = original


@pytest.fixture
def agent(client, storage):
    user = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, user)
    return user


def asm(name, first, number="", status="valide", insee="75056", birth=None, **kwargs):
    return ChildminderFactory(
        display_name=f"{first} {name}",
        first_names=first,
        usage_name=name,
        agrement_number=number,
        status=status,
        commune=commune(insee),
        birth_date=birth,
        user=UserFactory(kind="childminder"),
        **kwargs,
    )


def upload(client, content: bytes, name="mouvements.csv"):
    return client.post(FILES, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


# --- Parser ---------------------------------------------------------------------------------


def test_the_documented_example_file_parses():
    lines = parse(EXAMPLE.read_bytes())
    assert [(line.number, line.movement, line.problem) for line in lines] == [
        (2, "retrait", ""),
        (3, "suspension", ""),
        (4, "levee_suspension", ""),
        (5, "cessation", ""),
    ]
    assert lines[0].birth_date == datetime.date(1978, 4, 12)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            (HEADER + "retrait;A1;Durand;Élodie;;;;\n").encode("latin-1"),
            "Ligne 2\u00a0: le fichier n'est pas encodé en UTF-8.",
        ),
        (
            b"nom;prenom;adresse\nDurand;Elodie;1 rue\n",
            "Ligne 1\u00a0: les colonnes ne sont pas celles attendues. Colonnes manquantes\u00a0: "
            "mouvement. Colonnes inconnues\u00a0: adresse.",
        ),
        (b"\n\n", "Ligne 1\u00a0: le fichier est vide ou n'a pas de ligne d'en-tête."),
        (
            (HEADER + 'retrait;"A1;Durand\n').encode(),
            "Ligne 2\u00a0: le fichier n'est pas un CSV lisible",
        ),
    ],
)
def test_unreadable_files_name_the_line(content, message):
    with pytest.raises(FileError) as error:
        parse(content)
    assert str(error.value).startswith(message)


def test_bad_lines_are_explained_one_by_one():
    lines = parse(
        (
            HEADER
            + "radiation;A1;Durand;Elodie;;;;\n"
            + "retrait;;;;;;;\n"
            + "suspension;A2;Roy;Léa;31/02/1980;;;\n"
            + "retrait;A3;Roy\n"
            + "RETRAIT D'AGRÉMENT;A4;Roy;Léa;;;;\n"
        ).encode()
    )
    assert [(line.number, line.problem) for line in lines] == [
        (2, "mouvement «\u00a0radiation\u00a0» inconnu (attendu\u00a0: retrait, suspension, "
            "levée de suspension ou cessation)."),
        (3, "ni numéro d'agrément, ni nom et prénom."),
        (4, "date de naissance «\u00a031/02/1980\u00a0» illisible (attendu JJ/MM/AAAA)."),
        (5, "3 colonnes au lieu de 8."),
        (6, ""),
    ]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: (HEADER + t).encode()))
def test_the_parser_never_fails_otherwise_than_with_a_french_line_message(data):
    try:
        lines = parse(data)
    except FileError as error:
        assert str(error).startswith("Ligne ")
    else:
        assert all(line.number >= 2 for line in lines)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["retrait", "suspension", "Levée de suspension", "cessation"]),
            st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=12),
            st.text(alphabet=string.ascii_letters + "éèàç -'", min_size=1, max_size=20),
        ),
        max_size=20,
    )
)
def test_well_formed_lines_round_trip(rows):
    content = HEADER + "".join(f"{m};{n};{name};{name};;;;\n" for m, n, name in rows)
    lines = parse(content.encode())
    assert len(lines) == len(rows)
    assert [line.values["numero_agrement"] for line in lines] == [n for _, n, _ in rows]
    assert all(line.movement and not line.problem for line in lines)


# --- Preview, apply, re-import --------------------------------------------------------------


def test_preview_matches_lines_and_applies_only_after_confirmation(
    client, agent, django_capture_on_commit_callbacks
):
    withdrawn = asm("Durand", "Élodie", number="AGR-75-1")
    suspended_now = asm("Roy", "Léa")
    to_lift = asm("Morel", "Inès", number="AGR-75-3", status="suspendu")
    ceasing = asm("Faure", "Zoé", number="AGR-75-4")
    twin_a = asm("Martin", "Julie", insee="75056", birth=datetime.date(1980, 1, 1))
    asm("Martin", "Julie", insee="75056", birth=datetime.date(1990, 1, 1))
    asm("Bernard", "Anne")
    asm("Bernard", "Anne")
    other_caf = ChildminderFactory(display_name="Hors Caf", agrement_number="AGR-16-9")
    content = (
        HEADER
        + "retrait;AGR-75-1;Durand;Elodie;;;;\n"
        + "suspension;;ROY;lea;;;;\n"
        + "levée de suspension;AGR-75-3;Morel;Inès;;;;\n"
        + "cessation;AGR-75-4;Faure;Zoé;;;;\n"
        + "suspension;;Martin;Julie;01/01/1980;;;\n"
        + "suspension;;Bernard;Anne;;;;\n"
        + "retrait;AGR-16-9;Hors;Caf;;;;\n"
        + "retrait;AGR-75-1;Durand;Elodie;;;;\n"
    ).encode()
    response = upload(client, content)
    assert response.status_code == 302
    preview_url = response["Location"]
    html = unescape(client.get(preview_url).content.decode())
    assert "5 lignes seront appliquées." in html
    assert "2 assistants maternels correspondent (nom et prénom)" in html
    assert "Aucun assistant maternel de la Caf ne correspond (numéro d'agrément AGR-16-9)." in html
    assert "Même assistant maternel qu'à la ligne 2" in html
    # Nothing applied yet.
    assert not TransitionLog.objects.exists()
    assert Childminder.objects.filter(pk=ceasing.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview_url, follow=True)
    assert "5 ligne(s) appliquée(s), 3 sans effet." in unescape(response.content.decode())
    states = {
        cm.pk: cm.status
        for cm in Childminder.objects.filter(
            pk__in=[withdrawn.pk, suspended_now.pk, to_lift.pk, twin_a.pk]
        )
    }
    assert states == {
        withdrawn.pk: "radie",
        suspended_now.pk: "suspendu",
        to_lift.pk: "valide",
        twin_a.pk: "suspendu",
    }
    assert not Childminder.objects.filter(pk=ceasing.pk).exists()
    other_caf.refresh_from_db()
    assert other_caf.status == "valide"
    # The same services as the buttons: transition logs with the file's line, e-mails.
    assert sorted(log.transition for log in TransitionLog.objects.all()) == [
        "lift_suspension",
        "radiate",
        "suspend",
        "suspend",
    ]
    assert {log.data["line"] for log in TransitionLog.objects.all()} == {2, 3, 4, 6}
    assert sorted(m.template for m in OutboxEmail.objects.all()) == [
        "childminder_radiated",
        "childminder_suspended",
        "childminder_suspended",
        "childminder_suspension_lifted",
    ]
    assert AuditEntry.objects.filter(action="childminder_deleted").count() == 1
    assert AuditEntry.objects.get(action="departement_file_applied").data == {
        "applied": 5,
        "nothing": 1,
        "ambiguous": 1,
        "unmatched": 1,
    }
    # A second POST does not apply again.
    client.post(preview_url)
    assert TransitionLog.objects.count() == 4

    # Re-importing the same file changes nothing.
    response = upload(client, content)
    html = unescape(client.get(response["Location"]).content.decode())
    assert "Ce fichier a déjà été appliqué le" in html
    assert "Aucune ligne ne sera appliquée." in html
    client.post(response["Location"])
    assert TransitionLog.objects.count() == 4
    assert OutboxEmail.objects.count() == 4


def test_an_unreadable_file_is_refused_on_the_field_and_nothing_kept(client, agent):
    response = upload(client, (HEADER + "retrait;A;Durand;Élodie;;;;\n").encode("cp1252"))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ligne 2\u00a0: le fichier n'est pas encodé en UTF-8." in html
    assert not PrivateFile.objects.exists()


def test_a_binary_file_is_refused_by_the_private_file_checks(client, agent):
    response = upload(client, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", name="x.csv")
    assert "n'est pas un format accepté" in unescape(response.content.decode())


def test_another_cafs_file_is_a_404(client, storage):
    marseille = staff_user(Role.CAF_AGENT, "CAF131")
    log_in(client, marseille)
    response = upload(client, EXAMPLE.read_bytes())
    url = response["Location"]
    paris = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, paris)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
