from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.search.selectors import (
    ALL_KINDS,
    DEFAULT_RADIUS_KM,
    KIND_LABELS,
    MAX_RADIUS_KM,
    MIN_RADIUS_KM,
    RADIUS_PRESETS_KM,
    SearchQuery,
)
from monenfant.utils.french import format_date
from monenfant.utils.weekdays import WEEKDAY_CODES, Weekday
from monenfant.www.fields import CommuneField

KIND_CHOICES = [(kind, KIND_LABELS[kind]) for kind in ALL_KINDS]
DAY_CHOICES = [(code, capfirst(Weekday(day).label)) for code, day in WEEKDAY_CODES.items()]
MAX_AGE_MONTHS = 18 * 12
# Places are searched at most this far ahead (a later date is a mistake, and the calendar
# ends at year 9999).
MAX_AVAILABLE_FROM_YEARS = 3
# Multi-valued fields the API also takes comma-separated (?kinds=asm,eaje).
LIST_FIELDS = ("kinds", "days")


class SearchForm(DsfrBaseForm):
    """What a parent searches for; shared by the search page and GET /api/v1/search, so both
    validate alike and answer in French."""

    # Required, unless "Autour de moi" gives a position (see __init__).
    commune = CommuneField(
        label=_("Commune ou code postal"),
        help_text=_("Exemple : Angoulême ou 16000"),
        error_messages={
            "required": _("Indiquez une commune ou un code postal, ou utilisez « Autour de moi ».")
        },
    )
    # Filled by the "autour de moi" button (browser geolocation) or given to the API.
    lat = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput, label="Latitude"
    )
    lon = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput, label="Longitude"
    )
    radius_km = forms.FloatField(
        required=False,
        min_value=MIN_RADIUS_KM,
        max_value=MAX_RADIUS_KM,
        label=_("Rayon de recherche"),
        widget=forms.Select(choices=[(km, f"{km} km") for km in RADIUS_PRESETS_KM]),
    )
    kinds = forms.MultipleChoiceField(
        required=False,
        choices=KIND_CHOICES,
        label=_("Types d'accueil ou de service"),
        help_text=_("Aucun coché : tous les types."),
        widget=forms.CheckboxSelectMultiple,
    )
    available = forms.BooleanField(required=False, label=_("Avec des places disponibles"))
    available_from = forms.DateField(
        required=False,
        label=_("Places disponibles à partir du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    age_months = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_AGE_MONTHS,
        label=_("Âge de l'enfant (en mois)"),
    )
    days = forms.MultipleChoiceField(
        required=False,
        choices=DAY_CHOICES,
        label=_("Jours d'accueil souhaités"),
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = forms.TimeField(
        required=False,
        label=_("À partir de"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        required=False,
        label=_("Jusqu'à"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, *, insee_code_first=False, **kwargs):
        if data is not None:
            data = _split_lists(data)
        super().__init__(data, **kwargs)
        # The API's links carry INSEE codes (?commune=16102); people type postal codes.
        self.fields["commune"].insee_code_first = insee_code_first
        if data is not None and (data.get("lat") or data.get("lon")):
            self.fields["commune"].required = False

    @property
    def other_communes(self):
        """The other communes of the postal code typed (16100: Châteaubernard, Merpins…),
        offered to the parent whose commune was not the one chosen."""
        return self.fields["commune"].other_communes if self.is_bound and self.is_valid() else []

    def active_filter_count(self) -> int:
        """Filters beyond the place searched, shown on the folded filter panel."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return 0
        data = self.cleaned_data
        names = ("kinds", "available", "available_from", "age_months", "days")
        count = sum(1 for name in names if data.get(name))
        return count + (1 if data.get("start_time") or data.get("end_time") else 0)

    def clean_available_from(self):
        available_from = self.cleaned_data["available_from"]
        today = timezone.localdate()
        latest = today + timedelta(days=365 * MAX_AVAILABLE_FROM_YEARS)
        if available_from is not None and available_from > latest:
            raise forms.ValidationError(
                _("Indiquez une date au plus tard le %(date)s.") % {"date": format_date(latest)},
                code="max_value",
            )
        return available_from

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if (
            (lat is None) != (lon is None)
            and not self.has_error("lat")
            and not self.has_error("lon")
        ):
            self.add_error(
                "lon" if lon is None else "lat", _("Indiquez la latitude et la longitude.")
            )
        elif (
            cleaned.get("commune") is None
            and lat is None
            and not self.has_error("commune")
            and not self.has_error("lat")
            and not self.has_error("lon")
        ):
            self.add_error("commune", self.fields["commune"].error_messages["required"])
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
        return cleaned

    def search_query(self) -> SearchQuery:
        data = self.cleaned_data
        commune = data["commune"]
        # A commune typed in wins over coordinates ("autour de moi" empties the commune field).
        if commune is not None:
            latitude, longitude = commune.latitude, commune.longitude
        else:
            latitude, longitude = data["lat"], data["lon"]
        available_from = data["available_from"]
        if available_from is None and data["available"]:
            available_from = timezone.localdate()
        return SearchQuery(
            latitude=latitude,
            longitude=longitude,
            radius_km=data["radius_km"] or DEFAULT_RADIUS_KM,
            commune=commune,
            kinds=tuple(data["kinds"]) or ALL_KINDS,
            available_from=available_from,
            age_months=data["age_months"],
            days=tuple(sorted(WEEKDAY_CODES[code] for code in data["days"])),
            start_time=data["start_time"],
            end_time=data["end_time"],
        )


def _split_lists(data):
    """Accept ?kinds=asm,eaje as well as ?kinds=asm&kinds=eaje."""
    data = data.copy()
    for name in LIST_FIELDS:
        if name in data:
            values = [v.strip() for raw in data.getlist(name) for v in raw.split(",")]
            data.setlist(name, [v for v in values if v])
    return data


class InformationPointsForm(DsfrBaseForm):
    commune = CommuneField(
        help_text=_("Exemple : Angoulême ou 16000"),
        error_messages={"required": _("Indiquez votre commune ou son code postal.")},
    )
