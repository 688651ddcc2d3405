import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from monenfant.structures.availability import Cell, cell_errors
from monenfant.structures.enums import HalfDay, SlotStatus
from monenfant.utils.french import format_date

STATUS_CHOICES = [
    (SlotStatus.NOT_WORKED.value, _lazy("Non travaillé")),
    (SlotStatus.UNAVAILABLE.value, _lazy("Non disponible")),
    (SlotStatus.AVAILABLE.value, _lazy("Disponible")),
]
MAX_PLACES = 999


def cell_key(day: datetime.date, half_day: str) -> str:
    return f"{day:%Y-%m-%d}-{half_day}"


class WeekForm(forms.Form):
    """One week of the J..J+30 table (the days of the window in it), with the whole-day /
    all-mornings / all-afternoons setter and the duplication over a period. Every button
    publishes the grid as shown, after applying its action."""

    apply_target = forms.ChoiceField(label=_lazy("Appliquer à"), required=False)
    apply_status = forms.ChoiceField(label=_lazy("État"), choices=STATUS_CHOICES, required=False)
    apply_places = forms.IntegerField(
        label=_lazy("Places"), min_value=0, max_value=MAX_PLACES, required=False
    )
    duplicate_from = forms.DateField(label=_lazy("Du"), required=False)
    duplicate_to = forms.DateField(label=_lazy("Au"), required=False)

    def __init__(self, *args, structure, days, window, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure, self.days, self.window = structure, days, window
        self.fields["apply_target"].choices = [
            ("", _("Choisir…")),
            (HalfDay.MORNING.value, _("Tous les matins de la semaine")),
            (HalfDay.AFTERNOON.value, _("Tous les après-midi de la semaine")),
        ] + [
            (f"{day:%Y-%m-%d}", _("Toute la journée du %(day)s") % {"day": _day(day)})
            for day in days
        ]
        for day in days:
            for half_day in HalfDay:
                key = cell_key(day, half_day)
                label = f"{_day(day)}, {half_day.label.lower()}"
                self.fields[f"{key}-status"] = forms.ChoiceField(
                    label=_("%(cell)s : état") % {"cell": label},
                    choices=STATUS_CHOICES,
                    initial=SlotStatus.NOT_WORKED,
                )
                self.fields[f"{key}-places"] = forms.IntegerField(
                    label=_("%(cell)s : places") % {"cell": label},
                    min_value=0,
                    max_value=MAX_PLACES,
                    required=False,
                )

    def cells(self) -> list[Cell]:
        """The grid as submitted (valid form only)."""
        data = self.cleaned_data
        return [
            Cell(
                day,
                half_day,
                data[f"{cell_key(day, half_day)}-status"],
                data[f"{cell_key(day, half_day)}-places"] or 0,
            )
            for day in self.days
            for half_day in HalfDay.values
        ]

    def clean(self):
        data = super().clean()
        action = self.data.get("action", "save")
        if action == "apply" and not self.errors:
            self._apply(data)
        if any(name.endswith(("-status", "-places")) for name in self.errors):
            return data
        for cell in self.cells():
            key = cell_key(cell.date, cell.half_day)
            errors = cell_errors(
                self.structure,
                date=cell.date,
                half_day=cell.half_day,
                status=cell.status,
                places=cell.places,
                window=self.window,
            )
            if "places" in errors:
                self.add_error(f"{key}-places", errors["places"])
        if action == "duplicate":
            self._check_period(data)
        return data

    def _apply(self, data):
        target, status = data.get("apply_target"), data.get("apply_status")
        if not target:
            self.add_error("apply_target", _("Choisissez les demi-journées à modifier."))
            return
        if not status:
            self.add_error("apply_status", _("Choisissez un état."))
            return
        places = data.get("apply_places") or 0
        errors = cell_errors(
            self.structure,
            date=self.days[0],
            half_day=HalfDay.MORNING,
            status=status,
            places=places,
            window=self.window,
        )
        if "places" in errors:
            self.add_error("apply_places", errors["places"])
            return
        for day in self.days:
            for half_day in HalfDay.values:
                if target in (half_day, f"{day:%Y-%m-%d}"):
                    key = cell_key(day, half_day)
                    data[f"{key}-status"], data[f"{key}-places"] = status, places

    def _check_period(self, data):
        start, end = data.get("duplicate_from"), data.get("duplicate_to")
        first, last = self.window
        for name, value in (("duplicate_from", start), ("duplicate_to", end)):
            if name in self.errors:
                continue
            if value is None:
                self.add_error(name, _("Indiquez une date."))
            elif not first <= value <= last:
                self.add_error(
                    name,
                    _("Choisissez une date entre le %(start)s et le %(end)s.")
                    % {"start": format_date(first), "end": format_date(last)},
                )
        if "duplicate_from" in self.errors or "duplicate_to" in self.errors:
            return
        if start > end:
            self.add_error("duplicate_to", _("La date de fin doit suivre la date de début."))

    def duplicated(self) -> tuple[list[datetime.date], list[Cell]]:
        """The dates of the period and the shown week's cells copied onto them, weekday by
        weekday (a weekday absent from the shown week, outside the window, stays as it is)."""
        by_weekday = {}
        for cell in self.cells():
            by_weekday.setdefault(cell.date.weekday(), []).append(cell)
        start, end = self.cleaned_data["duplicate_from"], self.cleaned_data["duplicate_to"]
        dates, cells = [], []
        day = start
        while day <= end:
            model = by_weekday.get(day.weekday())
            if model:
                dates.append(day)
                cells += [Cell(day, c.half_day, c.status, c.places) for c in model]
            day += datetime.timedelta(days=1)
        return dates, cells


def _day(day: datetime.date) -> str:
    return format_date(day, year=False, weekday=True)
