"""The public habilitation request (« Je suis un professionnel » → « Je suis un
gestionnaire »), seed 000 Proc « Habilitation » step 1."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from monenfant.audit.middleware import client_ip
from monenfant.habilitations import services
from monenfant.habilitations.enums import HabilitationRequestKind
from monenfant.utils.antispam import rate_limit_exceeded

from .forms import MAX_PERSONS, PERSON_FIELDS, HabilitationRequestForm, person_forms, person_rows

EMPTY_PERSON = dict.fromkeys(PERSON_FIELDS, "")
# Fields that are no input of the manager's (re-rendered fresh).
_NOT_KEPT = {"csrfmiddlewaretoken", "action", "form_started", "website"}
# A request sends two e-mails: a few per address and hour are plenty for a real manager.
SENDS_PER_HOUR = 5


def initial_from_post(data) -> dict:
    initial = {
        key: data.get(key) for key in data if key not in _NOT_KEPT and not key.startswith("person-")
    }
    initial["structures"] = data.getlist("structures")
    return initial


def rows_after(action: str, rows: list[dict]) -> list[dict]:
    """The rows of persons after an « Ajouter » or « Retirer » button."""
    if action == "add_person" and len(rows) < MAX_PERSONS:
        return [*rows, dict(EMPTY_PERSON)]
    if action.startswith("remove_person_"):
        index = action.removeprefix("remove_person_")
        if index.isdigit() and int(index) < len(rows):
            return rows[: int(index)] + rows[int(index) + 1 :]
    return rows


def validate_persons(persons, *, required: bool) -> str:
    """Checks the rows of persons together; returns the error common to them, if any."""
    for person in persons:
        person.is_valid()
    if required and not persons:
        return _("Ajoutez au moins une personne à habiliter.")
    seen = set()
    for person in persons:
        email = (person.cleaned_data.get("email") or "").lower()
        if email and email in seen:
            person.add_error("email", _("Cette adresse figure déjà dans une autre ligne."))
        seen.add(email)
    return ""


@login_not_required
def habilitation_request(request):
    persons_error = ""
    status = 200
    if request.method != "POST":
        form = HabilitationRequestForm()
        persons = person_forms([dict(EMPTY_PERSON)], bound=False)
    else:
        action = str(request.POST.get("action", "send"))[:40]
        rows = person_rows(request.POST)
        if action != "send":
            form = HabilitationRequestForm(initial=initial_from_post(request.POST))
            persons = person_forms(rows_after(action, rows), bound=False)
        else:
            form = HabilitationRequestForm(request.POST)
            persons = person_forms(rows, bound=True)
            form_valid = form.is_valid()
            required = form.cleaned_data.get("kind") != HabilitationRequestKind.ONLINE_DESK
            persons_error = validate_persons(persons, required=required)
            if form_valid and not persons_error and all(p.is_valid() for p in persons):
                if rate_limit_exceeded(
                    f"habilitation_request:ip:{client_ip(request)}",
                    limit=SENDS_PER_HOUR,
                    window_seconds=3600,
                ):
                    form.add_error(
                        None,
                        _("Trop de demandes depuis votre adresse. Réessayez dans une heure."),
                    )
                    status = 429
                else:
                    data = form.cleaned_data
                    services.habilitation_request_submit(
                        caf=data["caf"],
                        kind=data["kind"],
                        identity=data,
                        structures=data["structures"],
                        persons=[p.cleaned_data for p in persons],
                        communes=data["communes"],
                    )
                    return redirect("habilitation_request:done")
    return render(
        request,
        "habilitation_request/form.html",
        {
            "title": _("Demande d'habilitation d'un gestionnaire"),
            "form": form,
            "persons": persons,
            "persons_error": persons_error,
            "person_count": len(persons),
            "can_add_person": len(persons) < MAX_PERSONS,
        },
        status=status,
    )


@login_not_required
@require_GET
def habilitation_request_done(request):
    return render(
        request,
        "habilitation_request/done.html",
        {"title": _("Demande d'habilitation envoyée")},
    )


@login_not_required
@require_GET
def manager_home(request):
    return render(
        request, "habilitation_request/manager_home.html", {"title": _("Je suis un gestionnaire")}
    )
