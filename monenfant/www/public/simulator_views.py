"""The cost simulator page (/simulateur/): compare childcare modes for one weekly need.

A GET form: the results can be bookmarked and shared, and nothing is written (no session,
no database, no e-mail). Being read-only and cheap (pure computation, no query), the page
needs neither rate limiting nor a captcha.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from monenfant.simulators import Comparison, SimulationResult, Step, format_eur
from monenfant.simulators.parameters import format_date_fr
from monenfant.simulators.rules import ParameterUse

from .simulator_forms import PajeForm, SimulatorForm

TITLE = _("Estimer le coût d’un mode d’accueil")

# The official tools, for a result that binds the Caf or the Urssaf.
OFFICIAL_SIMULATORS = [
    {
        "title": _("Simulateurs de la Caf (crèche et CMG)"),
        "url": "https://www.caf.fr/allocataires/aides-et-demarches/thematique-libre/votre-simulation-de-mode-de-garde",
    },
    {
        "title": _("Pajemploi (Urssaf) : simulation du CMG emploi direct"),
        "url": "https://www.pajemploi.urssaf.fr/",
    },
    {
        "title": _("monenfant.fr : estimation du coût d’une place en crèche"),
        "url": "https://monenfant.fr/",
    },
]

CONFIDENCE_LABELS = {
    "derived": _("valeur calculée à partir des montants officiels"),
    "unverified": _("valeur non vérifiée"),
}


def dates_fr(scales: tuple[ParameterUse, ...]) -> str:
    """« 1er avril 2025 et 1er janvier 2026 »: when the revalued scales used took effect.

    Fixed rates (the CRDS, a share of the BMAF set by decree) would only add old dates.
    """
    dates = sorted({use.start for use in scales if use.revalued} or {use.start for use in scales})
    texts = [format_date_fr(date) for date in dates]
    if len(texts) <= 1:
        return "".join(texts)
    return _("%(dates)s et %(last)s") % {"dates": ", ".join(texts[:-1]), "last": texts[-1]}


def sources(scales: tuple[ParameterUse, ...]) -> list[dict]:
    return [
        {
            "label": use.label_fr,
            "since": use.start_fr,
            "source": use.source,
            "confidence": CONFIDENCE_LABELS.get(use.confidence),
        }
        for use in sorted(scales, key=lambda use: (use.label_fr, use.start))
    ]


@dataclass(frozen=True)
class Row:
    """One mode, formatted for the table, the chart and the explanation."""

    index: int
    result: SimulationResult
    cheapest: bool
    remaining_width: str
    aid_width: str

    @property
    def anchor(self) -> str:
        return f"calcul-{self.index}"

    @property
    def monthly_cost_fr(self) -> str:
        return format_eur(self.result.monthly_cost)

    @property
    def aid_fr(self) -> str:
        return format_eur(self.result.aid)

    @property
    def remaining_cost_fr(self) -> str:
        return format_eur(self.result.remaining_cost)

    @property
    def remaining_hourly_cost_fr(self) -> str:
        return format_eur(self.result.remaining_hourly_cost)

    @property
    def tax_credit_fr(self) -> str:
        return format_eur(self.result.tax_credit)

    @property
    def after_tax_credit_fr(self) -> str:
        return format_eur(self.result.after_tax_credit)

    @property
    def scales_dates_fr(self) -> str:
        return dates_fr(self.result.scales)

    @property
    def sources(self) -> list[dict]:
        return sources(self.result.scales)

    @property
    def steps(self) -> list[dict]:
        return [_step(step) for step in self.result.steps]


def _step(step: Step) -> dict:
    """What parents read: the step, its value and the operation; sources are listed apart."""
    return {"label": step.label_fr, "value": step.value_fr, "formula": step.formula}


def _width(part: Decimal, scale: Decimal) -> str:
    """A bar length in percent of the longest bar, as CSS/SVG wants it (dot decimal)."""
    return f"{(part * 100 / scale):.2f}" if scale else "0"


def rows(comparison: Comparison) -> list[Row]:
    scale = max(result.monthly_cost for result in comparison.results)
    cheapest = comparison.cheapest.remaining_cost
    return [
        Row(
            index=index,
            result=result,
            cheapest=result.remaining_cost == cheapest and len(comparison.results) > 1,
            remaining_width=_width(result.remaining_cost, scale),
            aid_width=_width(result.aid, scale),
        )
        for index, result in enumerate(comparison.results, start=1)
    ]


@login_not_required
@require_GET
def simulator(request):
    form = SimulatorForm.from_query(request.GET)
    comparison = form.comparison if form.is_bound and form.is_valid() else None
    return render(
        request,
        "public/simulator.html",
        {
            "title": _("Erreur — %(title)s") % {"title": TITLE} if form.errors else TITLE,
            "heading": TITLE,
            "breadcrumb_data": {
                "links": [{"url": reverse("public:parents"), "title": _("Je suis un parent")}],
                "current": _("Estimer le coût"),
            },
            "form": form,
            "comparison": comparison,
            "rows": rows(comparison) if comparison else [],
            "date_fr": format_date_fr(comparison.date) if comparison else "",
            "hours_step": comparison.hours_step if comparison else None,
            "official_simulators": OFFICIAL_SIMULATORS,
        },
    )


PAJE_TITLE = _("Estimer la prime à la naissance et l’allocation de base (Paje)")


@login_not_required
@require_GET
def paje_simulator(request):
    form = PajeForm.from_query(request.GET)
    result = form.result if form.is_bound and form.is_valid() else None
    return render(
        request,
        "public/simulator_paje.html",
        {
            "title": _("Erreur — %(title)s") % {"title": PAJE_TITLE} if form.errors else PAJE_TITLE,
            "heading": PAJE_TITLE,
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("public:parents"), "title": _("Je suis un parent")},
                    {"url": reverse("public:simulator"), "title": _("Estimer le coût")},
                ],
                "current": _("Estimer la Paje"),
            },
            "form": form,
            "result": result,
            "grant_fr": format_eur(result.grant) if result else "",
            "allowance_fr": format_eur(result.allowance) if result else "",
            "steps": [_step(step) for step in result.steps] if result else [],
            "sources": sources(result.scales) if result else [],
            "scales_dates_fr": dates_fr(result.scales) if result else "",
            "date_fr": format_date_fr(result.date) if result else "",
        },
    )
