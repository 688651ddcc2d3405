import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.childminders.enums import ContactMode
from monenfant.childminders.models import MAX_RANGES_PER_DAY
from monenfant.childminders.space_services import range_errors
from monenfant.utils.weekdays import Weekday

SLOTS = range(1, MAX_RANGES_PER_DAY + 1)
PHONE = re.compile(r"^\+?[0-9 .]{10,20}$")


def _time_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def _phone_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )


class RangesMixin:
    """Two time ranges a weekday, as fields `<prefix>_<day>_<slot>_{start,end[,places]}`."""

    def _add_range_fields(self, prefix, *, with_places):
        for day in Weekday:
            for slot in SLOTS:
                where = _("%(day)s, plage %(slot)s") % {"day": day.label, "slot": slot}
                name = f"{prefix}_{day.value}_{slot}"
                self.fields[f"{name}_start"] = _time_field(
                    _("Début (%(where)s)") % {"where": where}
                )
                self.fields[f"{name}_end"] = _time_field(_("Fin (%(where)s)") % {"where": where})
                if with_places:
                    self.fields[f"{name}_places"] = forms.IntegerField(
                        label=_("Places (%(where)s)") % {"where": where},
                        required=False,
                        min_value=0,
                        max_value=99,
                    )

    def _ranges(self, prefix, *, with_places):
        """[(weekday, slot, start, end, places)] of the complete ranges; a half-typed range
        gets an error on its missing field."""
        ranges = []
        data = self.cleaned_data
        for day in Weekday:
            for slot in SLOTS:
                name = f"{prefix}_{day.value}_{slot}"
                parts = [f"{name}_start", f"{name}_end"] + (
                    [f"{name}_places"] if with_places else []
                )
                if any(part in self.errors for part in parts):
                    continue
                values = [data.get(part) for part in parts]
                if all(v is None for v in values):
                    continue
                missing = [part for part, v in zip(parts, values, strict=True) if v is None]
                if missing:
                    for part in missing:
                        self.add_error(part, _("Complétez cette plage ou videz-la entièrement."))
                    continue
                ranges.append((day.value, slot, *values, *([] if with_places else [0])))
        return ranges

    def _check_ranges(self, prefix, ranges, *, capacity):
        """The service's rules, with each error put back on the field it is about."""
        slots_of_day = {}
        for day, slot, *_rest in ranges:
            slots_of_day.setdefault(day, []).append(slot)
        errors = range_errors([(d, s, e, p) for d, _slot, s, e, p in ranges], capacity=capacity)
        for (day, index), (field, message) in errors.items():
            field = {"starts_at": "start", "ends_at": "end", "places": "places"}[field]
            self.add_error(f"{prefix}_{day}_{slots_of_day[day][index]}_{field}", message)

    def range_rows(self, prefix, *, with_places):
        """[(day label, [[start, end(, places)] bound fields per slot])] for the template."""
        suffixes = ("start", "end", "places") if with_places else ("start", "end")
        return [
            (
                day.label,
                [[self[f"{prefix}_{day.value}_{slot}_{s}"] for s in suffixes] for slot in SLOTS],
            )
            for day in Weekday
        ]


class ProfileForm(RangesMixin, DsfrBaseForm):
    display_name = forms.CharField(
        label=_("Nom à afficher"),
        help_text=_("Le nom que les parents voient sur votre fiche."),
        max_length=150,
    )
    phone = _phone_field(_("Téléphone"))
    other_phone = _phone_field(_("Autre téléphone"))
    contact_modes = forms.MultipleChoiceField(
        label=_("Modes de contact préférés"),
        choices=ContactMode,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    presentation = forms.CharField(
        label=_("Présentation"), required=False, max_length=3000, widget=forms.Textarea
    )
    hourly_rate = forms.DecimalField(
        label=_("Tarif horaire (€)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=2,
    )
    show_address = forms.TypedChoiceField(
        label=_("Affichage de votre adresse"),
        choices=[
            ("1", _("Afficher mon adresse exacte")),
            ("0", _("N'afficher que la commune et la distance")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    hide_phone = forms.BooleanField(label=_("Masquer mon téléphone"), required=False)
    hide_email = forms.BooleanField(label=_("Masquer mon adresse électronique"), required=False)
    legal_entity_only = forms.BooleanField(
        label=_("Je suis employé(e) uniquement par des personnes morales"),
        help_text=_(
            "Par exemple une crèche familiale : vous n'êtes alors pas tenu(e) de mettre à jour "
            "vos disponibilités avant le 1er juin et le 1er décembre."
        ),
        required=False,
    )

    def __init__(self, *args, childminder, **kwargs):
        initial = {
            "display_name": childminder.display_name,
            "phone": childminder.phone,
            "other_phone": childminder.other_phone,
            "contact_modes": childminder.contact_modes,
            "presentation": childminder.presentation,
            "hourly_rate": childminder.hourly_rate,
            "show_address": "1" if childminder.show_address else "0",
            "hide_phone": childminder.hide_phone,
            "hide_email": childminder.hide_email,
            "legal_entity_only": childminder.legal_entity_only,
        }
        for day, ranges in (childminder.working_hours or {}).items():
            for slot, (start, end) in zip(SLOTS, ranges, strict=False):
                initial[f"wh_{day}_{slot}_start"] = start
                initial[f"wh_{day}_{slot}_end"] = end
        super().__init__(*args, initial=initial, **kwargs)
        self.childminder = childminder
        self._add_range_fields("wh", with_places=False)

    def _clean_phone(self, name):
        phone = self.cleaned_data[name].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("Saisissez un numéro de téléphone à 10 chiffres, par exemple 06 12 34 56 78.")
            )
        return phone

    def clean_phone(self):
        return self._clean_phone("phone")

    def clean_other_phone(self):
        return self._clean_phone("other_phone")

    def clean(self):
        data = super().clean()
        # Decision D11: parents must keep one way to reach the childminder.
        if data.get("hide_phone") and data.get("hide_email"):
            self.add_error(
                "hide_email",
                _(
                    "Vous ne pouvez pas masquer à la fois votre téléphone et votre adresse électronique."
                ),
            )
        elif data.get("hide_email") and not (data.get("phone") or data.get("other_phone")):
            self.add_error(
                "hide_email",
                _(
                    "Sans téléphone, votre adresse électronique est votre seul contact : elle reste affichée."
                ),
            )
        ranges = self._ranges("wh", with_places=False)
        self._check_ranges("wh", ranges, capacity=self.childminder.capacity)
        hours = {}
        for day, _slot, start, end, _places in ranges:
            hours.setdefault(str(day), []).append([f"{start:%H:%M}", f"{end:%H:%M}"])
        data["working_hours"] = {day: sorted(r) for day, r in hours.items()}
        return data


class AvailabilityForm(RangesMixin, DsfrBaseForm):
    no_availability = forms.BooleanField(
        label=_("Aucune disponibilité pour la période"),
        help_text=_(
            "Cochée, les plages ci-dessus sont ignorées et votre fiche indique « Pas de place disponible »."
        ),
        required=False,
    )
    suspended_from = forms.DateField(
        label=_("Activité suspendue du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    suspended_until = forms.DateField(
        label=_("au (inclus)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    copy_from = forms.TypedChoiceField(
        label=_("Copier les plages du"), choices=Weekday.choices, coerce=int, required=False
    )
    copy_to = forms.TypedMultipleChoiceField(
        label=_("sur les jours"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, childminder, **kwargs):
        rows = list(childminder.availabilities.all())
        initial = {
            "suspended_from": childminder.activity_suspended_from,
            "suspended_until": childminder.activity_suspended_until,
            "no_availability": not rows and childminder.availability_confirmed_on is not None,
        }
        if rows:
            slots = {}
            for row in rows:
                slot = slots[row.weekday] = slots.get(row.weekday, 0) + 1
                name = f"av_{row.weekday}_{slot}"
                initial |= {
                    f"{name}_start": row.starts_at,
                    f"{name}_end": row.ends_at,
                    f"{name}_places": row.places,
                }
        else:
            # First table (or none kept): built from the usual working hours, no place yet.
            for day, ranges in (childminder.working_hours or {}).items():
                for slot, (start, end) in zip(SLOTS, ranges, strict=False):
                    initial |= {
                        f"av_{day}_{slot}_start": start,
                        f"av_{day}_{slot}_end": end,
                        f"av_{day}_{slot}_places": 0,
                    }
        super().__init__(*args, initial=initial, **kwargs)
        self.childminder = childminder
        self._add_range_fields("av", with_places=True)

    def copied_data(self):
        """The submitted data with the ranges of one day copied onto others (not saved)."""
        data = self.data.copy()
        try:
            source = int(data.get("copy_from", ""))
            targets = {int(day) for day in data.getlist("copy_to")}
        except ValueError:
            return data
        valid_days = set(Weekday.values)
        if source not in valid_days:
            return data
        for target in targets & valid_days - {source}:
            for slot in SLOTS:
                for suffix in ("start", "end", "places"):
                    data[f"av_{target}_{slot}_{suffix}"] = data.get(
                        f"av_{source}_{slot}_{suffix}", ""
                    )
        return data

    def clean(self):
        data = super().clean()
        ranges = []
        if not data.get("no_availability"):
            ranges = self._ranges("av", with_places=True)
            self._check_ranges("av", ranges, capacity=self.childminder.capacity)
        data["ranges"] = [(d, s, e, p) for d, _slot, s, e, p in ranges]
        start, end = data.get("suspended_from"), data.get("suspended_until")
        if (start is None) != (end is None) and not {"suspended_from", "suspended_until"} & set(
            self.errors
        ):
            missing = "suspended_until" if end is None else "suspended_from"
            self.add_error(missing, _("Indiquez les deux dates de la suspension, ou aucune."))
        elif start and end and end < start:
            self.add_error("suspended_until", _("La fin de la suspension doit suivre son début."))
        elif end and end < timezone.localdate():
            self.add_error(
                "suspended_until",
                _("Cette date est passée : videz les deux dates si la suspension est terminée."),
            )
        return data
