"""The availability editor (J..J+30 by half-day) and the data-exchange token page, written
once and mounted twice: in the back office (CAF staff, scoped to the active CAF) and in the
manager space (persons habilitated for the structure).

Entry points for a mount: `editor_view(get_structure, base_template=…)` and
`data_exchange_view(get_structure, base_template=…)` return views taking (request, pk);
`get_structure(request, pk)` returns the structure or raises Http404. `habilitated_structure`
is the manager space's; the back office passes a function reading its scoped queryset.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from monenfant.backoffice_access.selectors import scoped
from monenfant.structures.enums import KINDS_WITH_AVAILABILITY, HalfDay
from monenfant.structures.models import HalfDayAvailability, Structure
from monenfant.structures.selectors import availability_window
from monenfant.structures.services import (
    availability_token_create,
    availability_token_revoke,
    structure_availability_set,
)

from .forms import WeekForm, cell_key


def habilitated_structure(request, pk) -> Structure:
    """A structure with an availability table the logged-in person is habilitated for."""
    return get_object_or_404(
        Structure.objects.filter(
            kind__in=KINDS_WITH_AVAILABILITY, habilitations__person=request.user
        ).select_related("commune"),
        pk=pk,
    )


def weeks_of(window) -> list[datetime.date]:
    """The Mondays of the weeks the window touches."""
    start, end = window
    monday = start - datetime.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += datetime.timedelta(days=7)
    return weeks


def _shown_week(request, weeks) -> datetime.date:
    try:
        asked = datetime.date.fromisoformat(request.POST.get("semaine") or request.GET["semaine"])
    except (KeyError, ValueError):
        return weeks[0]
    return asked if asked in weeks else weeks[0]


def _initial(structure, days) -> dict:
    stored = {
        cell_key(cell.date, cell.half_day): cell
        for cell in HalfDayAvailability.objects.filter(
            structure=structure, date__range=(days[0], days[-1])
        )
    }
    initial = {}
    for key, cell in stored.items():
        initial[f"{key}-status"] = cell.status
        initial[f"{key}-places"] = cell.places or None
    return initial


def editor_view(get_structure, *, base_template: str):
    def view(request, pk):
        structure = get_structure(request, pk)
        window = availability_window()
        weeks = weeks_of(window)
        week = _shown_week(request, weeks)
        days = [
            week + datetime.timedelta(days=n)
            for n in range(7)
            if window[0] <= week + datetime.timedelta(days=n) <= window[1]
        ]
        form_options = {"structure": structure, "days": days, "window": window}
        saved = False
        if request.method == "POST":
            form = WeekForm(request.POST, **form_options)
            if form.is_valid():
                if request.POST.get("action") == "duplicate":
                    dates, cells = form.duplicated()
                    # The shown week is published as shown too.
                    dates, cells = dates + days, cells + form.cells()
                    notice = _("Vos choix ont été dupliqués sur la période et publiés.")
                else:
                    dates, cells = days, form.cells()
                    notice = _("Disponibilités publiées.")
                # The shown week wins where the period covers it (same cells anyway).
                structure_availability_set(
                    structure=structure,
                    dates=dates,
                    cells=list({(c.date, c.half_day): c for c in cells}.values()),
                    source="form",
                )
                if not request.htmx:
                    messages.success(request, notice)
                    return redirect(f"{request.path}?semaine={week:%Y-%m-%d}")
                saved = notice
                form = WeekForm(initial=_initial(structure, days), **form_options)
        else:
            form = WeekForm(initial=_initial(structure, days), **form_options)
        index = weeks.index(week)
        context = {
            "title": _("Disponibilités — %(name)s") % {"name": structure.name},
            "base_template": base_template,
            "structure": structure,
            "form": form,
            "rows": [
                {
                    "date": day,
                    "cells": [
                        (
                            form[f"{cell_key(day, half_day)}-status"],
                            form[f"{cell_key(day, half_day)}-places"],
                        )
                        for half_day in HalfDay.values
                    ],
                }
                for day in days
            ],
            "week": week,
            "previous_week": weeks[index - 1] if index > 0 else None,
            "next_week": weeks[index + 1] if index + 1 < len(weeks) else None,
            "window": window,
            "saved": saved,
        }
        # A history restore (back button after a partial swap) needs the whole page.
        if request.htmx and not request.htmx.history_restore_request:
            return render(request, "structure_availability/_editor.html", context)
        return render(request, "structure_availability/editor.html", context)

    return view


def data_exchange_view(get_structure, *, base_template: str):
    """The structure's token: create (shown once), replace, revoke."""

    def view(request, pk):
        structure = get_structure(request, pk)
        new_token = None
        if request.method == "POST":
            if request.POST.get("action") == "revoke":
                if availability_token_revoke(structure=structure):
                    messages.success(request, _("Le jeton est révoqué."))
                return redirect(request.path)
            if request.POST.get("action") == "create":
                new_token = availability_token_create(structure=structure, created_by=request.user)
        return render(
            request,
            "structure_availability/data_exchange.html",
            {
                "title": _("Échange de données — %(name)s") % {"name": structure.name},
                "base_template": base_template,
                "structure": structure,
                "active_token": structure.availability_tokens.active().first(),
                "new_token": new_token,
            },
        )

    return view


def backoffice_structure(request, pk) -> Structure:
    """A structure with an availability table in the active CAF (back office)."""
    structure = get_object_or_404(
        scoped(Structure.objects.select_related("commune"), request), pk=pk
    )
    if structure.kind not in KINDS_WITH_AVAILABILITY:
        raise Http404
    return structure
