"""Form fields shared by every audience."""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from monenfant.referential.models import Commune
from monenfant.referential.selectors import (
    INSEE_CODE,
    POSTAL_CODE,
    CommuneQueryError,
    commune_with_insee_code,
    communes_with_postal_code,
    search_communes,
)
from monenfant.utils.text import normalize_search_text

_LABEL = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<code>[0-9AB]{5})\)\s*$", re.IGNORECASE)


class CommuneInput(forms.TextInput):
    """A text input whose suggestions come from the commune look-up as the user types (htmx);
    without JavaScript the typed text is resolved on submit."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "hx-get": reverse_lazy("public:commune_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "next datalist",
                "hx-swap": "innerHTML",
                "maxlength": "100",
                **(attrs or {}),
            }
        )
        self.template_name = "components/commune_input.html"


class CommuneField(forms.CharField):
    """Resolves a commune name, "Name (postal code)", a postal code or an INSEE code.

    Five digits are a postal code first, as people type them: the most populated commune it
    serves is chosen and the others are kept in `other_communes` so that the page can offer
    them. The INSEE code is read only when no postal code matches, or first when
    `insee_code_first` is set (the API's `commune` parameter, whose links carry INSEE codes).
    """

    widget = CommuneInput
    default_error_messages = {
        "unknown": _(
            "Aucune commune ne correspond à « %(text)s ». Vérifiez l'orthographe ou saisissez le code postal."
        ),
        "ambiguous": _("Plusieurs communes correspondent. Précisez, par exemple : %(examples)s."),
    }

    def __init__(self, *, insee_code_first=False, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("label", _("Commune ou code postal"))
        self.insee_code_first = insee_code_first
        # Filled by clean(): the other communes of the postal code typed, if any.
        self.other_communes: list[Commune] = []
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.label if isinstance(value, Commune) else value

    def clean(self, value):
        text = super().clean(value)
        self.other_communes = []
        if not text:
            return None
        code = text.strip().upper()
        if POSTAL_CODE.match(code) or INSEE_CODE.match(code):
            resolved = self._resolve_code(code)
            if resolved is not None:
                return resolved
        try:
            matching = _candidates(text)
        except CommuneQueryError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
        if not matching:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"text": text}
            )
        if len(matching) == 1:
            return matching[0]
        # An exact name or code wins over the communes it is a prefix of ("Paris", "Parisot").
        wanted = normalize_search_text(text)
        exact = [
            c
            for c in matching
            if wanted in (c.search_name, c.search_name_without_article, c.insee_code.lower())
        ]
        if len(exact) == 1:
            return exact[0]
        examples = ", ".join(c.label for c in matching[:4])
        raise forms.ValidationError(
            self.error_messages["ambiguous"], code="ambiguous", params={"examples": examples}
        )

    def _resolve_code(self, code: str) -> Commune | None:
        by_insee_code = commune_with_insee_code(code) if self.insee_code_first else None
        if by_insee_code is not None:
            return by_insee_code
        if POSTAL_CODE.match(code):
            served = communes_with_postal_code(code)
            if served:
                self.other_communes = served[1:]
                return served[0]
        return None if self.insee_code_first else commune_with_insee_code(code)


def _candidates(text: str) -> list[Commune]:
    label = _LABEL.match(text)
    if label is None:
        return search_communes(text, limit=6)
    code = label["code"].upper()
    return [
        commune
        for commune in search_communes(label["name"], limit=50)
        if code in commune.postal_codes or code == commune.insee_code
    ]
