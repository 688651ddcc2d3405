from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.mailing.services import send_templated_email
from monenfant.www.backoffice.forms import PasswordResetForm as BackofficePasswordResetForm


class PasswordResetForm(BackofficePasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        send_templated_email(
            to=context["user"].email,
            template="account_password_reset",
            context={"user": context["user"], "uid": context["uid"], "token": context["token"]},
        )


class EmailChangeForm(DsfrBaseForm):
    new_email = forms.EmailField(
        label=_("Nouvelle adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        help_text=_("Pour vérifier que c'est bien vous."),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Le mot de passe actuel est incorrect."))
        return password
