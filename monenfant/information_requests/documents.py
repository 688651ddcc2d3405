"""The request as a PDF summary (family, LINF, CAF) and as XML for partners' software
(schema: schema/demandes-information-1.0.xsd, documented in docs/information-requests.md).
Both are rendered from the row on demand and never stored, so that erasing a request
erases every copy the site holds."""

import xml.etree.ElementTree as ET

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from monenfant.utils.french import format_date

from .enums import CallTime, CareFrequency, CareKind, ChildSituation, Weekday

XML_NAMESPACE = "https://monenfant.fr/schemas/demandes-information/1.0"
XML_VERSION = "1.0"

# The PDF core fonts are Latin-1: typographic characters outside it get their plain form.
_LATIN1_FALLBACKS = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "œ": "oe",
        "Œ": "Oe",
        "\u202f": " ",
        "€": "EUR",
    }
)


def _latin1(text) -> str:
    return str(text).translate(_LATIN1_FALLBACKS).encode("latin-1", "replace").decode("latin-1")


def _labels(values, choices) -> str:
    return ", ".join(str(choices(v).label) for v in values if v in choices.values)


def summary_rows(information_request) -> list[tuple[str, str]]:
    """(label, value) of the summary: the PDF, and the pages that show a request."""
    r = information_request
    rows = [
        (_("Numéro de demande"), r.number),
        (_("Envoyée le"), timezone.localtime(r.sent_at).strftime("%d/%m/%Y %H:%M")),
        (_("Point d'information"), r.linf.name),
        (_("Commune de l'accueil"), r.commune.label),
        (_("Nom"), r.last_name),
        (_("Prénom"), r.first_name),
        (_("Adresse"), f"{r.address}, {r.postal_code} {r.city}"),
        (_("Téléphone"), r.phone),
        (_("Adresse électronique"), r.email),
        (_("Moment préféré pour être appelé"), CallTime(r.call_time).label),
        (_("Enfant"), ChildSituation(r.child_situation).label),
    ]
    if r.child_first_name:
        rows.append((_("Prénom de l'enfant"), r.child_first_name))
    if r.child_birth_date:
        rows.append((_("Date de naissance"), format_date(r.child_birth_date)))
    if r.expected_birth_date:
        rows.append((_("Date de naissance prévue"), format_date(r.expected_birth_date)))
    rows += [
        (_("Modes d'accueil souhaités"), _labels(r.care_kinds, CareKind)),
        (_("Date de début souhaitée"), format_date(r.care_start_date)),
        (_("Jours souhaités"), _labels(r.care_days, Weekday) or "-"),
        (_("Horaires souhaités"), r.care_hours or "-"),
        (_("Fréquence"), CareFrequency(r.care_frequency).label),
        (_("Message"), r.message or "-"),
    ]
    return [(str(label), str(value)) for label, value in rows]


def requests_pdf(information_requests) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("Demandes d'information sur les modes d'accueil")))
    pdf.set_auto_page_break(auto=True, margin=15)
    for information_request in information_requests:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, _latin1(_("Demande d'information sur les modes d'accueil")))
        pdf.ln(2)
        pdf.set_font("Helvetica", size=10)
        for label, value in summary_rows(information_request):
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(0, 6, _latin1(label), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=10)
            pdf.multi_cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())


def _sub(parent, tag, text=None):
    element = ET.SubElement(parent, f"{{{XML_NAMESPACE}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


def requests_xml(information_requests) -> bytes:
    ET.register_namespace("", XML_NAMESPACE)
    root = ET.Element(
        f"{{{XML_NAMESPACE}}}demandesInformation",
        {"version": XML_VERSION, "genereLe": timezone.localtime().isoformat(timespec="seconds")},
    )
    for r in information_requests:
        demande = _sub(root, "demande")
        demande.set("numero", r.number)
        _sub(demande, "dateEnvoi", timezone.localtime(r.sent_at).isoformat(timespec="seconds"))
        _sub(demande, "etat", r.state)
        point = _sub(demande, "lieuInformation")
        _sub(point, "identifiant", r.linf_id)
        _sub(point, "nom", r.linf.name)
        commune = _sub(demande, "commune")
        _sub(commune, "codeInsee", r.commune.insee_code)
        _sub(commune, "nom", r.commune.name)
        parent = _sub(demande, "demandeur")
        for tag, value in (
            ("nom", r.last_name),
            ("prenom", r.first_name),
            ("adresse", r.address),
            ("codePostal", r.postal_code),
            ("commune", r.city),
            ("telephone", r.phone),
            ("courriel", r.email),
            ("momentAppel", r.call_time),
        ):
            _sub(parent, tag, value)
        child = _sub(demande, "enfant")
        _sub(child, "situation", r.child_situation)
        if r.child_first_name:
            _sub(child, "prenom", r.child_first_name)
        if r.child_birth_date:
            _sub(child, "dateNaissance", r.child_birth_date.isoformat())
        if r.expected_birth_date:
            _sub(child, "dateNaissancePrevue", r.expected_birth_date.isoformat())
        care = _sub(demande, "accueil")
        kinds = _sub(care, "modes")
        for kind in r.care_kinds:
            _sub(kinds, "mode", kind)
        _sub(care, "dateDebut", r.care_start_date.isoformat())
        if r.care_days:
            days = _sub(care, "jours")
            for day in r.care_days:
                _sub(days, "jour", day)
        if r.care_hours:
            _sub(care, "horaires", r.care_hours)
        _sub(care, "frequence", r.care_frequency)
        if r.message:
            _sub(demande, "message", r.message)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
