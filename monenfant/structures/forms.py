"""The referencing form of a structure, built from its kind's schema (decision D9): one form
class per kind generated at run time, never a hand-written copy per kind.

Public entry points (their signatures are stable, other screens reuse them):

- ``structure_form_class(kind, *, caf_fields=True)``: the ModelForm of the sheet's fields.
- ``OpeningHoursForm(kind=..., data=None, periods=())``: the weekly opening ranges.
- ``CommunesServedForm(data=None, communes=())``: the ordered list of communes served.
- ``StructureEditor(kind=..., data=None, instance=None, initial=None, draft=False, caf=None,
  caf_fields=True)``: the three together, the buttons that only re-render the page (« + »,
  « Appliquer ces horaires aux jours sélectionnés », « Ajouter », « Retirer », arrows) and
  the checks spanning them (a LINF with online requests needs communes served).

Every button works without JavaScript: it submits the whole form, which comes back with what
was typed and the change asked for, nothing saved.
"""

from __future__ import annotations

import itertools
import re

from django import forms
from django.db import models
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.referential.models import Commune
from monenfant.utils.weekdays import Weekday
from monenfant.www.fields import CommuneField

from .enums import StructureKind
from .models import Structure
from .schemas import schema_for

PHONE = re.compile(r"^(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$")
POSTAL_CODE = re.compile(r"^\d{5}$")

# What « Enregistrer en tant que brouillon » needs at least (seed 000 St-F1 "un minimum de
# données"): a name to find the draft again, and the commune that places it in the CAF.
DRAFT_REQUIRED = ("name", "commune")

# Fields the CAF alone fills in; a manager's form is built with caf_fields=False.
CAF_ONLY_FIELDS = ("linf_contract_signed_on", "linf_convention_signed_on")


def _kind_extra_fields(kind) -> list[str]:
    schema = schema_for(kind)
    extra = []
    if schema.sub_types:
        extra += ["eaje_type", "psu"]
    if kind == StructureKind.RPE:
        extra += ["linf_requested", "online_desk"]
    if kind == StructureKind.LINF:
        extra += ["online_desk", *CAF_ONLY_FIELDS]
    return extra


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        # Django 6's default: "example.fr" is read as https://example.fr.
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class StructureForm(DsfrBaseForm, forms.ModelForm):
    """Base of the generated per-kind forms. `draft=True` relaxes the required fields to
    DRAFT_REQUIRED; `caf` (the active CAF) refuses a commune of another département."""

    commune = CommuneField(
        label=_("Commune"),
        help_text=_("Saisissez le code postal puis choisissez la commune."),
    )
    kind: str  # set by structure_form_class

    class Meta:
        model = Structure
        fields: list[str] = []
        formfield_callback = _formfield

    def __init__(self, *args, draft=False, caf=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.commune_id and not self.is_bound:
            # Shown as "Angoulême (16000)", what the commune field reads back.
            self.initial["commune"] = self.instance.commune
        self.draft = draft
        self.caf = caf
        required = set(DRAFT_REQUIRED) | (
            set() if draft else set(schema_for(self.kind).required_fields())
        )
        for name, field in self.fields.items():
            field.required = name in required
            if name in ("phone", "email", "website"):
                field.widget.attrs["autocomplete"] = "off"
        if "online_desk" in self.fields:
            self.fields["online_desk"] = forms.TypedChoiceField(
                label=Structure._meta.get_field("online_desk").verbose_name,
                choices=[("True", _("Oui")), ("False", _("Non"))],
                coerce=lambda value: value == "True",
                widget=forms.RadioSelect,
                initial="False",
                required=False,
                empty_value=False,
            )
        for name in CAF_ONLY_FIELDS:
            if name in self.fields:
                self.fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Numéro de téléphone invalide : dix chiffres, par exemple 05 45 00 00 00.")
            )
        return phone

    def clean_postal_code(self):
        code = self.cleaned_data.get("postal_code", "").strip()
        if code and not POSTAL_CODE.match(code):
            raise forms.ValidationError(_("Le code postal s'écrit avec cinq chiffres."))
        return code

    def clean_commune(self):
        commune = self.cleaned_data.get("commune")
        if (
            commune is not None
            and self.caf is not None
            and commune.departement_id != self.caf.departement_id
        ):
            raise forms.ValidationError(
                _("Cette commune n'est pas dans le département de votre Caf.")
            )
        return commune

    def clean(self):
        data = super().clean()
        commune, code = data.get("commune"), data.get("postal_code")
        if commune is not None and code and code not in commune.postal_codes:
            self.add_error(
                "postal_code",
                _("Ce code postal n'est pas celui de la commune choisie (%(codes)s).")
                % {"codes": ", ".join(commune.postal_codes)},
            )
        low, high = data.get("age_min_months"), data.get("age_max_months")
        if low is not None and high is not None and low > high:
            self.add_error("age_max_months", _("L'âge maximum doit dépasser l'âge minimum."))
        if data.get("online_desk") and self.kind == StructureKind.LINF:
            # A manager's form has no date fields: the ones the CAF recorded count.
            dates = [
                data.get(name) if name in self.fields else getattr(self.instance, name)
                for name in CAF_ONLY_FIELDS
            ]
            if not all(dates):
                self.add_error(
                    "online_desk",
                    _(
                        "La réception des demandes en ligne ne peut être activée qu'une fois "
                        "enregistrées les dates de signature du contrat Cnaf–Caf et de la "
                        "convention du lieu d'information."
                    ),
                )
        return data


def structure_form_class(kind, *, caf_fields: bool = True) -> type[StructureForm]:
    """The ModelForm of a kind: the fields of its schema's sections (minus the communes
    served, a separate form), in the schema's order, with their help texts, plus the
    commune of the address and the fields only some kinds have (EAJE type and PSU; RPE and
    LINF online requests). `caf_fields=False` leaves out what only the CAF records (the
    LINF contract and convention dates)."""
    kind = StructureKind(kind)
    schema = schema_for(kind)
    names = []
    for spec in schema.fields():
        if spec.name != "communes_served" and spec.name not in names:
            names.append(spec.name)
    names.insert(names.index("postal_code") + 1, "commune")
    names += [
        name for name in _kind_extra_fields(kind) if caf_fields or name not in CAF_ONLY_FIELDS
    ]
    help_texts = {spec.name: spec.help_text for spec in schema.fields() if spec.help_text}
    meta = type("Meta", (StructureForm.Meta,), {"fields": names, "help_texts": help_texts})
    return type(
        f"{kind.name.title().replace('_', '')}StructureForm",
        (StructureForm,),
        {"Meta": meta, "kind": kind.value},
    )


def _quiet(form):
    """A bound form re-rendered after a button that only edits the page (« + », « Ajouter »…):
    no error shown for what the user has not finished typing."""
    form._errors = ErrorDict()
    form.cleaned_data = {}


class OpeningHoursForm(DsfrBaseForm, forms.Form):
    """Per weekday: « open » ticked, then up to `max_opening_ranges` ranges (shown one by one
    with « + »); a model day whose ranges « Appliquer ces horaires aux jours sélectionnés »
    copies onto the ticked days. cleaned_data["periods"]: [(weekday, opens, closes)]."""

    def __init__(self, *, kind, data=None, periods=(), **kwargs):
        self.kind = StructureKind(kind)
        self.max_ranges = schema_for(kind).max_opening_ranges
        initial = {}
        by_day: dict[int, list] = {}
        for weekday, opens, closes in periods:
            by_day.setdefault(int(weekday), []).append((opens, closes))
        for day, ranges in by_day.items():
            initial[f"day{day}"] = True
            initial[f"day{day}_ranges"] = len(ranges)
            for i, (opens, closes) in enumerate(sorted(ranges)[: self.max_ranges]):
                initial[f"day{day}_{i}_opens"] = opens
                initial[f"day{day}_{i}_closes"] = closes
        super().__init__(data=data, initial=initial, prefix="hours", **kwargs)
        for day in Weekday:
            name = f"day{day.value}"
            self.fields[name] = forms.BooleanField(label=day.label.capitalize(), required=False)
            self.fields[f"{name}_ranges"] = forms.IntegerField(
                min_value=1,
                max_value=self.max_ranges,
                required=False,
                widget=forms.HiddenInput,
            )
            self._range_fields(name, f"{day.label.capitalize()}, ")
        self._range_fields("model", _("Journée type, "))
        self.fields["model_days"] = forms.TypedMultipleChoiceField(
            label=_("Jours auxquels appliquer ces horaires"),
            choices=[(d.value, d.label.capitalize()) for d in Weekday],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )

    def _range_fields(self, prefix, label_start):
        for i in range(self.max_ranges):
            for end, end_label in (("opens", _("ouverture")), ("closes", _("fermeture"))):
                self.fields[f"{prefix}_{i}_{end}"] = forms.TimeField(
                    label=f"{label_start}{_('plage')} {i + 1}, {end_label}",
                    required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                )

    def _raw(self, name):
        return self.data.get(self.add_prefix(name), "") if self.is_bound else ""

    def shown_ranges(self, prefix) -> int:
        """How many ranges of a day the page shows: those filled, or as many as « + » asked."""
        key = f"{prefix}_ranges"
        value = self._raw(key) if self.is_bound else self.initial.get(key, 1)
        try:
            shown = int(value)
        except (TypeError, ValueError):
            shown = 1
        return max(1, min(shown, self.max_ranges))

    def days(self):
        """For the template, per weekday: its « open » box, the hidden count of ranges shown
        and the (opens, closes) bound fields of each range shown."""
        rows = []
        for day in Weekday:
            prefix = f"day{day.value}"
            shown = self.shown_ranges(prefix)
            rows.append(
                {
                    "value": day.value,
                    "label": day.label.capitalize(),
                    "open": self[prefix],
                    "count": self[f"{prefix}_ranges"],
                    "shown": shown,
                    "ranges": [
                        (self[f"{prefix}_{i}_opens"], self[f"{prefix}_{i}_closes"])
                        for i in range(shown)
                    ],
                }
            )
        return rows

    def model_ranges(self):
        return [
            (self[f"model_{i}_opens"], self[f"model_{i}_closes"]) for i in range(self.max_ranges)
        ]

    def _ranges_of(self, prefix, shown):
        ranges = []
        for i in range(shown):
            opens = self.cleaned_data.get(f"{prefix}_{i}_opens")
            closes = self.cleaned_data.get(f"{prefix}_{i}_closes")
            ranges.append((i, opens, closes))
        return ranges

    def clean(self):
        data = super().clean()
        periods = []
        for day in Weekday:
            prefix = f"day{day.value}"
            if not data.get(prefix):
                continue
            filled = []
            for i, opens, closes in self._ranges_of(prefix, self.shown_ranges(prefix)):
                if opens is None and closes is None:
                    continue
                if opens is None or closes is None:
                    missing = f"{prefix}_{i}_{'opens' if opens is None else 'closes'}"
                    if missing not in self.errors:
                        self.add_error(missing, _("Indiquez l'heure d'ouverture et de fermeture."))
                    continue
                if opens >= closes:
                    self.add_error(
                        f"{prefix}_{i}_closes",
                        _("L'heure de fermeture doit être après l'heure d'ouverture."),
                    )
                    continue
                filled.append((opens, closes, i))
            if not filled and not any(f.startswith(prefix + "_") for f in self.errors):
                self.add_error(prefix, _("Indiquez au moins une plage horaire pour ce jour."))
            filled.sort()
            for (_o, previous_closes, _i), (opens, _c, i) in itertools.pairwise(filled):
                if opens < previous_closes:
                    self.add_error(
                        f"{prefix}_{i}_opens",
                        _("Cette plage chevauche une autre plage du même jour."),
                    )
            periods += [(day.value, opens, closes) for opens, closes, _i in filled]
        data["periods"] = periods
        return data

    # Buttons that only edit the page -------------------------------------------------------

    def add_range(self, day) -> OpeningHoursForm:
        """« + » on a day: one more range shown, or an error past the kind's limit."""
        data = self.data.copy()
        prefix = f"day{int(day)}"
        shown = self.shown_ranges(prefix)
        data[self.add_prefix(f"{prefix}_ranges")] = str(min(shown + 1, self.max_ranges))
        data[self.add_prefix(prefix)] = "on"
        form = OpeningHoursForm(kind=self.kind, data=data)
        _quiet(form)
        if shown >= self.max_ranges:
            form.add_error(
                prefix,
                _("%(limit)s plages horaires au plus par jour.") % {"limit": self.max_ranges},
            )
        return form

    def apply_model(self) -> OpeningHoursForm:
        """Copy the model day's ranges onto the ticked days; the copies stay editable."""
        data = self.data.copy()
        days = [v for v in data.getlist(self.add_prefix("model_days")) if v.isdigit()]
        model = [
            (
                data.get(self.add_prefix(f"model_{i}_opens"), ""),
                data.get(self.add_prefix(f"model_{i}_closes"), ""),
            )
            for i in range(self.max_ranges)
        ]
        filled = [r for r in model if r[0] or r[1]] or [("", "")]
        for day in days:
            prefix = f"day{int(day)}"
            data[self.add_prefix(prefix)] = "on"
            data[self.add_prefix(f"{prefix}_ranges")] = str(len(filled))
            for i in range(self.max_ranges):
                opens, closes = filled[i] if i < len(filled) else ("", "")
                data[self.add_prefix(f"{prefix}_{i}_opens")] = opens
                data[self.add_prefix(f"{prefix}_{i}_closes")] = closes
        form = OpeningHoursForm(kind=self.kind, data=data)
        _quiet(form)
        if not days:
            form.add_error("model_days", _("Cochez les jours auxquels appliquer ces horaires."))
        return form


class CommunesServedForm(DsfrBaseForm, forms.Form):
    """The communes served, in order: hidden inputs carry the list, « Ajouter » adds the
    commune typed (postal code then commune), each row has « Retirer », « Monter »,
    « Descendre ». cleaned_data["communes"]: [Commune] in order."""

    MAX = 200
    commune_to_add = CommuneField(
        label=_("Ajouter une commune desservie"),
        help_text=_("Saisissez le code postal puis choisissez la commune."),
        required=False,
    )

    def __init__(self, data=None, *, communes=(), **kwargs):
        super().__init__(data=data, prefix="served", **kwargs)
        if data is not None:
            ids = [v for v in data.getlist(self.add_prefix("ids")) if v.isdigit()][: self.MAX]
            by_id = Commune.objects.in_bulk([int(i) for i in ids])
            self.communes = list(dict.fromkeys(by_id[int(i)] for i in ids if int(i) in by_id))
        else:
            self.communes = list(communes)

    def clean(self):
        data = super().clean()
        data["communes"] = self.communes
        return data

    def _copy(self, communes):
        data = self.data.copy()
        data.setlist(self.add_prefix("ids"), [str(c.pk) for c in communes])
        data[self.add_prefix("commune_to_add")] = ""
        form = CommunesServedForm(data)
        _quiet(form)
        return form

    def add(self) -> CommunesServedForm:
        field = self.fields["commune_to_add"]
        try:
            commune = field.clean(self.data.get(self.add_prefix("commune_to_add"), ""))
        except forms.ValidationError as error:
            form = CommunesServedForm(self.data)
            _quiet(form)
            form.add_error("commune_to_add", error)
            return form
        if commune is None:
            form = CommunesServedForm(self.data)
            _quiet(form)
            form.add_error("commune_to_add", _("Saisissez le code postal ou le nom de la commune."))
            return form
        communes = self.communes + ([] if commune in self.communes else [commune])
        return self._copy(communes)

    def remove(self, pk) -> CommunesServedForm:
        return self._copy([c for c in self.communes if str(c.pk) != str(pk)])

    def move(self, pk, step) -> CommunesServedForm:
        communes = list(self.communes)
        index = next((i for i, c in enumerate(communes) if str(c.pk) == str(pk)), None)
        if index is not None and 0 <= index + step < len(communes):
            communes[index], communes[index + step] = communes[index + step], communes[index]
        return self._copy(communes)


class StructureEditor:
    """The sheet's forms together. `data` is request.POST (None on a first display);
    `instance` the structure edited (None to create); `initial` pre-fills a creation (ALSH
    duplication). `handle_page_button()` applies a re-render-only button, if the POST has
    one; `is_valid()` checks everything (with `draft`, only the minimum)."""

    def __init__(
        self,
        *,
        kind,
        data=None,
        instance=None,
        initial=None,
        draft=False,
        caf=None,
        caf_fields=True,
        periods=None,
        communes=None,
    ):
        self.kind = StructureKind(kind)
        self.schema = schema_for(self.kind)
        self.draft = draft
        initial = initial or {}
        if instance is not None and instance.pk:
            periods = [(p.weekday, p.opens_at, p.closes_at) for p in instance.opening_periods.all()]
            communes = [link.commune for link in instance.served_links.select_related("commune")]
        self.main = structure_form_class(self.kind, caf_fields=caf_fields)(
            data, instance=instance, initial=initial, draft=draft, caf=caf
        )
        self.hours = (
            OpeningHoursForm(kind=self.kind, data=data, periods=periods or ())
            if any(s.kind == "opening_hours" for s in self.schema.sections)
            else None
        )
        self.communes = (
            CommunesServedForm(data, communes=communes or ())
            if self.schema.serves_communes
            else None
        )

    @property
    def forms(self):
        return [f for f in (self.main, self.hours, self.communes) if f is not None]

    def handle_page_button(self, post) -> bool:
        """Apply « + », « Appliquer… », « Ajouter », « Retirer » or an arrow; True if one was
        pressed (the page is then shown again, nothing saved)."""
        if self.hours is not None:
            if "add_range" in post:
                self.hours = self.hours.add_range(
                    post["add_range"] if post["add_range"].isdigit() else 1
                )
                _quiet_all(self)
                return True
            if "apply_model" in post:
                self.hours = self.hours.apply_model()
                _quiet_all(self)
                return True
        if self.communes is not None:
            for key, action in (
                ("add_commune", lambda v: self.communes.add()),
                ("remove_commune", lambda v: self.communes.remove(v)),
                ("commune_up", lambda v: self.communes.move(v, -1)),
                ("commune_down", lambda v: self.communes.move(v, 1)),
            ):
                if key in post:
                    self.communes = action(post[key])
                    _quiet_all(self)
                    return True
        return False

    def is_valid(self) -> bool:
        # Every form checked, so that all the errors show at once.
        results = [form.is_valid() for form in self.forms]
        valid = all(results)
        if (
            self.communes is not None
            and self.main.is_bound
            and not self.draft
            and self.main.cleaned_data.get("online_desk")
            and not self.communes.communes
        ):
            self.communes.add_error(
                "commune_to_add",
                _("Avec la réception des demandes en ligne, indiquez les communes desservies."),
            )
            valid = False
        return valid

    def error_list(self):
        """(field id, label, message) of every error, for the summary at the top."""
        errors = []
        for form in self.forms:
            for name, messages in form.errors.items():
                if name == "__all__":
                    errors += [("", "", m) for m in messages]
                    continue
                bound = form[name]
                errors += [(bound.auto_id, bound.label, m) for m in messages]
        return errors

    @property
    def periods(self):
        return self.hours.cleaned_data["periods"] if self.hours is not None else []

    @property
    def served(self):
        return self.communes.cleaned_data["communes"] if self.communes is not None else []


def _quiet_all(editor):
    for form in editor.forms:
        if form.is_bound and form._errors is None:
            _quiet(form)
