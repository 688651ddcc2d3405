"""The public search page and the sheets of childminders and structures."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from monenfant.childminders.models import Childminder
from monenfant.childminders.selectors import (
    availabilities_by_day,
    public_childminder,
    working_hours_by_day,
)
from monenfant.search.selectors import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    RADIUS_PRESETS_KM,
    PageOutOfRange,
    search,
)
from monenfant.structures.enums import KINDS_WITH_AVAILABILITY
from monenfant.structures.models import Structure
from monenfant.structures.schemas import sheet_sections
from monenfant.structures.selectors import (
    availability_table,
    availability_to_confirm,
    information_points_for,
    opening_hours_by_day,
    public_structure,
)
from monenfant.utils import french

from .forms import SearchForm
from .links import result_url

SEARCH_TITLE = _("Rechercher un mode d'accueil")


@login_not_required
@require_GET
def search_page(request):
    data = request.GET.copy() or None
    if data is not None and not data.get("radius_km"):
        # A link with a commune only (?commune=16015) searches, and shows, the default radius.
        data["radius_km"] = DEFAULT_RADIUS_KM
    initial = {"radius_km": DEFAULT_RADIUS_KM}
    if data is not None and not {"commune", "lat", "lon"} & set(data):
        # A link that only preselects types (?kinds=rpe,laep from the parents' page) opens
        # the form ready to fill in, not an error.
        initial["kinds"] = [k for raw in data.getlist("kinds") for k in raw.split(",")]
        data = None
    form = SearchForm(data, initial=initial)
    page = None
    if form.is_bound and form.is_valid():
        try:
            page = search(form.search_query(), page=form.cleaned_data["page"] or 1)
        except PageOutOfRange as error:
            raise Http404("Page de résultats inexistante") from error
        for result in page.results:
            result.url = result_url(result.kind, result.id)
    return render(
        request,
        "public/search.html",
        {
            "title": SEARCH_TITLE,
            "breadcrumb_data": {"current": SEARCH_TITLE},
            "form": form,
            "page": page,
            "wider_radius": _wider_radius(page),
            "other_communes": form.other_communes if page else [],
            "postal_code": (form.data.get("commune") or "").strip(),
            "around": (
                french.de(page.query.commune.name) if page and page.query.commune else _("de vous")
            ),
            # Every result of the circle, for the map (the page's own are highlighted).
            "map_points_url": _map_points_url(request) if page else None,
            # The map reads the same results as the list (no second request).
            "markers": [
                {
                    "id": f"result-{r.kind}-{r.id}",
                    "lat": r.latitude,
                    "lon": r.longitude,
                    "name": r.name,
                    "kind": r.kind_label,
                    "distance": f"{r.distance_km:.1f}".replace(".", ","),
                    "url": r.url,
                }
                for r in (page.results if page else [])
            ],
            "center": (
                {
                    "lat": page.query.latitude,
                    "lon": page.query.longitude,
                    "radius_km": page.query.radius_km,
                }
                if page
                else None
            ),
        },
    )


def _map_points_url(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return f"{reverse('api-v1:search_map')}?{params.urlencode()}"


def _wider_radius(page) -> int | None:
    if page is None:
        return None
    wider = [km for km in (*RADIUS_PRESETS_KM, MAX_RADIUS_KM) if km > page.query.radius_km]
    return wider[0] if wider else None


@login_not_required
@require_GET
def childminder_page(request, pk):
    try:
        childminder = public_childminder(pk)
    except Childminder.DoesNotExist as error:
        raise Http404("Assistant maternel introuvable") from error
    lat, lon = childminder.public_location()
    return render(
        request,
        "public/childminder.html",
        {
            "title": childminder.display_name,
            "breadcrumb_data": _breadcrumb(childminder.display_name),
            "childminder": childminder,
            "availabilities": availabilities_by_day(childminder),
            "activity_suspended": childminder.activity_suspended_on(timezone.localdate()),
            "working_hours": working_hours_by_day(childminder),
            "map_point": {
                "lat": lat,
                "lon": lon,
                "name": childminder.display_name,
                "exact": childminder.show_address,
            },
            **_information_points(childminder.commune),
        },
    )


@login_not_required
@require_GET
def structure_page(request, pk):
    try:
        structure = public_structure(pk)
    except Structure.DoesNotExist as error:
        raise Http404("Structure introuvable") from error
    return render(
        request,
        "public/structure.html",
        {
            "title": structure.name,
            "breadcrumb_data": _breadcrumb(structure.name),
            "structure": structure,
            # The sections come from the kind's schema (monenfant.structures.schemas).
            "sections": sheet_sections(structure),
            "opening_hours": opening_hours_by_day(structure),
            "availability": (
                availability_table(structure) if structure.kind in KINDS_WITH_AVAILABILITY else None
            ),
            "availability_to_confirm": availability_to_confirm(structure),
            "map_point": {
                "lat": structure.latitude,
                "lon": structure.longitude,
                "name": structure.name,
                "exact": True,
            },
            **_information_points(structure.commune),
        },
    )


def _information_points(commune) -> dict:
    points = information_points_for(commune)
    try:
        # The online information request is another capability; linked once it exists.
        request_url = reverse("public:information_request") if points else None
    except NoReverseMatch:
        request_url = None
    return {"information_points": points, "information_request_url": request_url}


def _breadcrumb(current: str) -> dict:
    return {"links": [{"url": reverse("public:search"), "title": SEARCH_TITLE}], "current": current}
