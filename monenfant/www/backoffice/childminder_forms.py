from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.childminders.enums import ChildminderStatus
from monenfant.childminders.selectors import MANAGED_STATES
from monenfant.files.content import FileType
from monenfant.files.forms import PrivateFileField
from monenfant.referential.selectors import POSTAL_CODE, communes_with_postal_code
from monenfant.utils.text import normalize_search_text

ORDER_CHOICES = [
    ("nom", _("Nom (A → Z)")),
    ("-nom", _("Nom (Z → A)")),
    ("commune", _("Commune (A → Z)")),
    ("-commune", _("Commune (Z → A)")),
    ("agrement", _("Fin d'agrément (la plus proche d'abord)")),
    ("-agrement", _("Fin d'agrément (la plus lointaine d'abord)")),
]


class ChildminderFilterForm(DsfrBaseForm):
    etat = forms.ChoiceField(
        label=_("État de la structure"),
        choices=[(s.value, s.label) for s in MANAGED_STATES],
        required=False,
    )
    nom = forms.CharField(label=_("Nom ou prénom"), required=False, max_length=100)
    commune = forms.CharField(label=_("Commune ou code postal"), required=False, max_length=100)
    tri = forms.ChoiceField(label=_("Trier par"), choices=ORDER_CHOICES, required=False)

    def filters(self) -> dict:
        """The list's arguments; the defaults when the query string is wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("etat") or ChildminderStatus.VALIDATED,
            "name": data.get("nom", ""),
            "commune": data.get("commune", ""),
            "order": data.get("tri") or "nom",
        }


class ChildminderEditForm(DsfrBaseForm):
    """« Modifier » (seed 000 AM-F3): identity and address of the place of care. The INSEE
    code is never typed: it comes from the postal code and the commune's name."""

    first_names = forms.CharField(label=_("Prénoms"), max_length=150, required=False)
    usage_name = forms.CharField(label=_("Nom d'usage"), max_length=150, required=False)
    birth_name = forms.CharField(label=_("Nom de naissance"), max_length=150, required=False)
    address = forms.CharField(label=_("Adresse (numéro et voie)"), max_length=255)
    postal_code = forms.CharField(label=_("Code postal"), max_length=5)
    commune_name = forms.CharField(
        label=_("Commune"),
        max_length=100,
        help_text=_("Le code INSEE est déduit du code postal et de la commune."),
    )

    def __init__(self, *args, birth_names: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not birth_names:
            # Shown for information; a forged POST is ignored (disabled fields keep the initial).
            for name in ("birth_name",):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Modifiable par un administrateur de la Caf.")

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if not POSTAL_CODE.match(code):
            raise forms.ValidationError(_("Saisissez un code postal de 5 chiffres."))
        return code

    def clean(self):
        cleaned = super().clean()
        code, name = cleaned.get("postal_code"), cleaned.get("commune_name")
        if code and name:
            wanted = normalize_search_text(name)
            candidates = communes_with_postal_code(code)
            matches = [
                c for c in candidates if wanted in (c.search_name, c.search_name_without_article)
            ]
            if not candidates:
                self.add_error("postal_code", _("Aucune commune n'a ce code postal."))
            elif not matches:
                self.add_error(
                    "commune_name",
                    _(
                        "Cette commune n'a pas le code postal %(code)s. Communes de ce code : %(names)s."
                    )
                    % {"code": code, "names": ", ".join(c.name for c in candidates)},
                )
            else:
                cleaned["commune"] = matches[0]
        return cleaned


class DepartementFileForm(DsfrBaseForm):
    file = PrivateFileField(
        label=_("Fichier du département (CSV)"),
        accepted=(FileType.CSV, FileType.TEXT),
        max_size=5 * 1024 * 1024,
    )
