from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.habilitations.enums import HabilitationRequestStatus, ManagerStatus
from monenfant.habilitations.selectors import MANAGER_SORTS, REQUEST_SORTS
from monenfant.structures.enums import StructureKind


class HabilitationRequestFilterForm(DsfrBaseForm):
    status = forms.ChoiceField(
        label=_("Etat de la demande"),
        required=False,
        choices=[("", _("Tous les états")), *HabilitationRequestStatus.choices],
    )
    q = forms.CharField(label=_("Mot clé"), required=False, max_length=100)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in REQUEST_SORTS], widget=forms.HiddenInput
    )


class ManagerFilterForm(DsfrBaseForm):
    kinds = forms.MultipleChoiceField(
        label=_("Types de structures"),
        required=False,
        choices=StructureKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label=_("Etat gestionnaire"),
        required=False,
        choices=[("", _("Tous les états")), *ManagerStatus.choices],
    )
    q = forms.CharField(label=_("Mot clé"), required=False, max_length=100)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in MANAGER_SORTS], widget=forms.HiddenInput
    )


class RevokeForm(DsfrBaseForm):
    caf_comment = forms.CharField(
        label=_("Commentaire CAF"),
        help_text=_("Facultatif : le motif de la révocation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CafMailboxForm(DsfrBaseForm):
    mailbox_approvers = forms.EmailField(
        label=_("BALF Approbateurs"),
        help_text=_("Reçoit les demandes d'habilitation et les fiches à valider de la Caf"),
        required=False,
        max_length=254,
    )
