"""Département files: the licence movements a département sends its CAF (seed 002 « Ce qui va
changer pour les Conseils départementaux »: « Retrait d'agrément; Suspension et levée de
suspension; Cessation d'activité »), imported as a CSV (columns in docs/departement-files.md).

parse() reads the bytes (or says, in French, which line is wrong); preview() matches every line
to a childminder of the CAF and says what applying would do; departement_file_apply() runs
the same services as the buttons of « Gestion des assistants maternels ». Each line is checked
against the current state, so applying the same file again changes nothing.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monenfant.audit.services import audit
from monenfant.utils.text import normalize_search_text
from monenfant.workflows.transitions import TransitionError

from . import services
from .enums import ChildminderStatus
from .models import Childminder, DepartementFile

COLUMNS = (
    "mouvement",
    "numero_agrement",
    "nom",
    "prenom",
    "date_naissance",
    "code_insee",
    "commune",
    "date_effet",
)
REQUIRED_COLUMNS = ("mouvement", "nom", "prenom")
MAX_LINES = 20_000

WITHDRAWAL, SUSPENSION, LIFTED_SUSPENSION, CESSATION = (
    "retrait",
    "suspension",
    "levee_suspension",
    "cessation",
)
# Spellings met in the files (accents, case and separators ignored) → movement.
MOVEMENTS = {
    "retrait": WITHDRAWAL,
    "retrait d agrement": WITHDRAWAL,
    "suspension": SUSPENSION,
    "levee suspension": LIFTED_SUSPENSION,
    "levee de suspension": LIFTED_SUSPENSION,
    "levee_suspension": LIFTED_SUSPENSION,
    "cessation": CESSATION,
    "cessation d activite": CESSATION,
}
# movement → (state it needs, state it leads to, service, label)
EFFECTS = {
    WITHDRAWAL: (
        {ChildminderStatus.VALIDATED},
        ChildminderStatus.RADIATED,
        services.childminder_radiate,
        gettext_lazy("Radier"),
    ),
    SUSPENSION: (
        {ChildminderStatus.VALIDATED},
        ChildminderStatus.SUSPENDED,
        services.childminder_suspend,
        gettext_lazy("Suspendre"),
    ),
    LIFTED_SUSPENSION: (
        {ChildminderStatus.SUSPENDED},
        ChildminderStatus.VALIDATED,
        services.childminder_lift_suspension,
        gettext_lazy("Lever la suspension"),
    ),
    CESSATION: (
        services.DELETABLE_STATES,
        None,
        services.childminder_delete,
        gettext_lazy("Supprimer"),
    ),
}

# Outcomes of a line.
APPLY, NOTHING, UNMATCHED, AMBIGUOUS, REFUSED, INVALID = (
    "apply",
    "nothing",
    "unmatched",
    "ambiguous",
    "refused",
    "invalid",
)


class FileError(ValueError):
    """The file cannot be read at all; the message is French and names the line."""


@dataclass
class Line:
    number: int  # the line of the file (the header is line 1)
    values: dict
    movement: str = ""
    birth_date: datetime.date | None = None
    problem: str = ""


@dataclass
class PreviewLine:
    line: Line
    outcome: str
    message: str
    childminder_id: int | None = None
    childminder_name: str = ""


@dataclass
class Preview:
    lines: list[PreviewLine] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for p in self.lines if p.outcome == outcome)

    @property
    def to_apply(self) -> list[PreviewLine]:
        return [p for p in self.lines if p.outcome == APPLY]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileError(
            _(
                "Ligne %(line)s : le fichier n'est pas encodé en UTF-8. Enregistrez-le au "
                "format « CSV UTF-8 » puis importez-le de nouveau."
            )
            % {"line": line}
        ) from None


def _header_key(name: str) -> str:
    return normalize_search_text(name).replace(" ", "_")


def parse(data: bytes) -> list[Line]:
    """The lines of the file, each with its problem if any; FileError when the file itself
    cannot be read (encoding, columns, size)."""
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileError(
            _("Ligne 1 : le fichier n'est pas un CSV lisible (%(error)s).") % {"error": error}
        ) from None
    if not header or not any(cell.strip() for cell in header):
        raise FileError(_("Ligne 1 : le fichier est vide ou n'a pas de ligne d'en-tête."))
    keys = [_header_key(cell) for cell in header]
    unknown = [cell for cell, key in zip(header, keys, strict=True) if key not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in keys]
    if missing or unknown:
        raise FileError(
            _(
                "Ligne 1 : les colonnes ne sont pas celles attendues. Colonnes manquantes : "
                "%(missing)s. Colonnes inconnues : %(unknown)s. Colonnes attendues : %(expected)s."
            )
            % {
                "missing": ", ".join(missing) or _("aucune"),
                "unknown": ", ".join(unknown) or _("aucune"),
                "expected": ", ".join(COLUMNS),
            }
        )
    lines = []
    try:
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(lines) >= MAX_LINES:
                raise FileError(
                    _("Ligne %(line)s : le fichier dépasse %(max)s lignes ; découpez-le.")
                    % {"line": number, "max": MAX_LINES}
                )
            lines.append(_line(number, keys, row))
    except csv.Error as error:
        raise FileError(
            _("Ligne %(line)s : le fichier n'est pas un CSV lisible (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None
    return lines


def _line(number: int, keys: list[str], row: list[str]) -> Line:
    line = Line(number=number, values={})
    if len(row) != len(keys):
        line.problem = _("%(found)s colonnes au lieu de %(expected)s.") % {
            "found": len(row),
            "expected": len(keys),
        }
        return line
    line.values = {key: cell.strip() for key, cell in zip(keys, row, strict=True)}
    line.movement = MOVEMENTS.get(normalize_search_text(line.values["mouvement"]), "")
    if not line.movement:
        line.problem = _(
            "mouvement « %(value)s » inconnu (attendu : retrait, suspension, levée de "
            "suspension ou cessation)."
        ) % {"value": line.values["mouvement"]}
        return line
    if not (line.values.get("numero_agrement") or (line.values["nom"] and line.values["prenom"])):
        line.problem = _("ni numéro d'agrément, ni nom et prénom.")
        return line
    raw_date = line.values.get("date_naissance", "")
    if raw_date:
        try:
            line.birth_date = datetime.datetime.strptime(raw_date, "%d/%m/%Y").date()
        except ValueError:
            line.problem = _("date de naissance « %(value)s » illisible (attendu JJ/MM/AAAA).") % {
                "value": raw_date
            }
    return line


# --- Matching -------------------------------------------------------------------------------

_FIELDS = (
    "pk",
    "status",
    "display_name",
    "first_names",
    "usage_name",
    "birth_name",
    "birth_date",
    "agrement_number",
    "commune__insee_code",
    "commune__search_name",
)


class _Register:
    """The CAF's childminders, read once, indexed by licence number and by names."""

    def __init__(self, queryset):
        self.by_number: dict[str, list[dict]] = {}
        self.by_names: dict[tuple[str, str], list[dict]] = {}
        for row in queryset.values(*_FIELDS):
            if row["agrement_number"]:
                self.by_number.setdefault(row["agrement_number"].strip().upper(), []).append(row)
            for key in self._name_keys(row):
                bucket = self.by_names.setdefault(key, [])
                if row not in bucket:
                    bucket.append(row)

    @staticmethod
    def _name_keys(row) -> set[tuple[str, str]]:
        first = normalize_search_text(row["first_names"])
        keys = {
            (last, first)
            for last in (
                normalize_search_text(row["usage_name"]),
                normalize_search_text(row["birth_name"]),
            )
            if last and first
        }
        # Rows without identity fields (imported from the former site) have a display name
        # « Prénom Nom ».
        words = normalize_search_text(row["display_name"]).split(" ", 1)
        if len(words) == 2:
            keys.add((words[1], words[0]))
        return keys

    def candidates(self, line: Line) -> tuple[list[dict], str]:
        values = line.values
        number = values.get("numero_agrement", "").upper()
        if number:
            rows = self.by_number.get(number, [])
            return rows, _("numéro d'agrément %(number)s") % {"number": number}
        key = (normalize_search_text(values["nom"]), normalize_search_text(values["prenom"]))
        rows = self.by_names.get(key, [])
        how = _("nom et prénom")
        if line.birth_date and len(rows) > 1:
            rows = [r for r in rows if r["birth_date"] in (None, line.birth_date)]
            how = _("nom, prénom et date de naissance")
        if len(rows) > 1 and (values.get("code_insee") or values.get("commune")):
            insee = values.get("code_insee", "").upper()
            commune = normalize_search_text(values.get("commune", ""))
            rows = [
                r
                for r in rows
                if (insee and r["commune__insee_code"] == insee)
                or (commune and r["commune__search_name"] == commune)
            ]
            how = _("nom, prénom et commune")
        return rows, how


def preview(lines: list[Line], caf) -> Preview:
    """What applying would do, line by line, for the childminders of `caf`."""
    register = _Register(Childminder.objects.filter(caf=caf))
    result = Preview()
    seen: dict[int, int] = {}
    for line in lines:
        if line.problem:
            result.lines.append(PreviewLine(line, INVALID, line.problem))
            continue
        rows, how = register.candidates(line)
        if not rows:
            result.lines.append(
                PreviewLine(
                    line,
                    UNMATCHED,
                    _("Aucun assistant maternel de la Caf ne correspond (%(how)s).") % {"how": how},
                )
            )
            continue
        if len(rows) > 1:
            result.lines.append(
                PreviewLine(
                    line,
                    AMBIGUOUS,
                    _(
                        "%(count)s assistants maternels correspondent (%(how)s) : ajoutez le "
                        "numéro d'agrément, la date de naissance ou la commune."
                    )
                    % {"count": len(rows), "how": how},
                )
            )
            continue
        row = rows[0]
        result.lines.append(_effect(line, row, seen))
    return result


def _effect(line: Line, row: dict, seen: dict) -> PreviewLine:
    pk, name, status = row["pk"], row["display_name"], row["status"]
    needs, leads_to, _service, label = EFFECTS[line.movement]
    if pk in seen:
        return PreviewLine(
            line,
            NOTHING,
            _("Même assistant maternel qu'à la ligne %(line)s : ligne ignorée.")
            % {"line": seen[pk]},
            pk,
            name,
        )
    seen[pk] = line.number
    state = ChildminderStatus(status).label
    if status in needs:
        return PreviewLine(
            line,
            APPLY,
            _("« %(action)s » (état actuel : %(state)s).") % {"action": label, "state": state},
            pk,
            name,
        )
    if status == leads_to:
        return PreviewLine(
            line, NOTHING, _("Déjà fait (état : %(state)s).") % {"state": state}, pk, name
        )
    return PreviewLine(
        line,
        REFUSED,
        _("« %(action)s » est impossible : l'état est « %(state)s ».")
        % {"action": label, "state": state},
        pk,
        name,
    )


# --- Applying -------------------------------------------------------------------------------


def departement_file_apply(*, departement_file: DepartementFile, lines: list[Line], actor) -> dict:
    """Apply the confirmed file: each line runs its service in its own transaction (a refused
    line does not undo the others), after checking the state again. Returns the counts."""
    result = preview(lines, departement_file.caf)
    report = []
    for item in result.lines:
        outcome, message = item.outcome, item.message
        if outcome == APPLY:
            service = EFFECTS[item.line.movement][2]
            childminder = Childminder.objects.select_related("user").get(pk=item.childminder_id)
            try:
                service(
                    childminder=childminder,
                    actor=actor,
                    data={"departement_file": departement_file.pk, "line": item.line.number},
                )
                outcome = "applied"
            except TransitionError as error:
                outcome, message = REFUSED, str(error)
        report.append({"line": item.line.number, "outcome": outcome, "message": str(message)})
    counts = {}
    for entry in report:
        counts[entry["outcome"]] = counts.get(entry["outcome"], 0) + 1
    with transaction.atomic():
        departement_file.applied_at = timezone.now()
        departement_file.applied_by = actor
        departement_file.report = report
        departement_file.save(update_fields=["applied_at", "applied_by", "report"])
        audit(
            "departement_file_applied",
            target=departement_file,
            actor=actor,
            caf_code=departement_file.caf.code,
            **counts,
        )
    return counts


@transaction.atomic
def departement_file_store(*, upload, caf, actor) -> DepartementFile:
    """Keep the checked upload (PrivateFileField) as a private file of a new import."""
    from monenfant.files.services import private_file_store

    upload.seek(0)
    digest = sha256(upload.read())
    upload.seek(0)
    departement_file = DepartementFile.objects.create(
        caf=caf, uploaded_by=actor, name=upload.safe_name, sha256=digest
    )
    private_file_store(
        upload=upload, owner=departement_file, purpose="departement_file", actor=actor
    )
    return departement_file


def read_lines(departement_file: DepartementFile) -> list[Line]:
    private_file = departement_file.documents.get()
    with private_file.file.open("rb") as handle:
        return parse(handle.read())
