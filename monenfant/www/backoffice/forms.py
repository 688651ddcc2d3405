import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from monenfant.backoffice_access.enums import Role
from monenfant.mailing.services import send_templated_email
from monenfant.structures.enums import StructureKind, StructureStatus
from monenfant.utils.antispam import AntiRobotFormMixin
from monenfant.utils.text import normalize_search_text

User = get_user_model()


class LoginForm(DsfrBaseForm, auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé. Contactez l'administrateur de votre Caf."),
        # Seed 000 AM-F4, word for word.
        "radiated": _("Votre compte a été supprimé suite au retrait de votre agrément."),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # A radiated childminder's account is inactive, so authentication fails; with the
            # right password the seed's message says why (never to someone guessing).
            from monenfant.childminders.selectors import radiated_account

            account = radiated_account(self.cleaned_data.get("username") or "")
            if account is not None and account.check_password(
                self.cleaned_data.get("password") or ""
            ):
                raise forms.ValidationError(
                    self.error_messages["radiated"], code="radiated"
                ) from None
            raise

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from monenfant.childminders.selectors import login_refusal

        refusal = login_refusal(user)
        if refusal:
            raise forms.ValidationError(refusal, code="refused")


class PasswordResetForm(AntiRobotFormMixin, DsfrBaseForm, auth_forms.PasswordResetForm):
    field_order = ["email"]
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Through the outbox (stored, retried) like every e-mail of the site.
        send_templated_email(
            to=to_email,
            template="password_reset",
            context={
                "user": context["user"],
                "uid": context["uid"],
                "token": context["token"],
            },
        )


def _french_password_errors(form):
    # Django's own messages ("The two password fields didn't match") are translated by the
    # locale, but ours are explicit so that the wording stays under our control.
    form.error_messages = {
        **form.error_messages,
        "password_mismatch": _("Les deux mots de passe ne sont pas identiques."),
        "password_incorrect": _("Le mot de passe actuel est incorrect."),
    }


class SetPasswordForm(DsfrBaseForm, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _french_password_errors(self)
        self.fields["new_password1"].label = _("Nouveau mot de passe")
        self.fields["new_password2"].label = _("Confirmation du nouveau mot de passe")

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit=commit)


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mot de passe actuel")


class TotpTokenForm(DsfrBaseForm):
    token = forms.CharField(
        label=_("Code à 6 chiffres"),
        help_text=_("Le code affiché par votre application d'authentification."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        # django-otp doubles a waiting delay after each wrong code (brute-force protection).
        allowed, _wait = self.device.verify_is_allowed() if self.device else (False, None)
        if not allowed:
            raise forms.ValidationError(
                _("Trop de codes incorrects : patientez quelques instants avant de réessayer.")
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("Ce code est incorrect ou a expiré. Réessayez."))
        return token


LOGIN_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$")


class StaffUserForm(DsfrBaseForm, forms.ModelForm):
    """A CAF staff account, its roles in the active CAF and, on creation, its temporary
    password."""

    roles = forms.MultipleChoiceField(
        label=_("Rôles dans la Caf"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un rôle.")},
    )
    password1 = forms.CharField(
        label=_("Mot de passe provisoire"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe provisoire"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["login", "email", "first_name", "last_name", "job_title"]
        labels = {
            "login": _("Identifiant"),
            "email": _("Adresse électronique"),
            "first_name": _("Prénom"),
            "last_name": _("Nom"),
            "job_title": _("Titre du poste"),
        }
        help_texts = {
            "login": _("Au format prénom.nom, sans accent ni caractère spécial : jean.dupont"),
            "email": _("Elle sert à la connexion."),
            "job_title": _("Par exemple « AGENT CAF », « ADMIN CAF » ou « COORDINATEUR RPE »."),
        }

    def __init__(self, *args, grantable_roles=(), current_roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("login", "first_name", "last_name"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Ce champ est obligatoire.")
        self.fields["email"].error_messages["required"] = _("Ce champ est obligatoire.")
        self.fields["email"].error_messages["invalid"] = _(
            "Saisissez une adresse électronique valide, par exemple prenom.nom@caf.fr."
        )
        self.fields["roles"].choices = [(str(role), Role(role).label) for role in grantable_roles]
        if self.instance.pk:
            self.fields["roles"].initial = [str(role) for role in current_roles]
            # On edit the password is optional: filled, it becomes a new temporary password.
            for name in ("password1", "password2"):
                self.fields[name].required = False
            self.fields["password1"].label = _("Nouveau mot de passe provisoire (facultatif)")
        for name in ("password1", "password2"):
            self.fields[name].error_messages["required"] = _("Ce champ est obligatoire.")

    def clean_login(self):
        login = self.cleaned_data["login"].strip().lower()
        if not LOGIN_PATTERN.match(login):
            raise forms.ValidationError(
                _(
                    "L'identifiant doit être au format prénom.nom, en minuscules, sans accent ni "
                    "caractère spécial (tiret accepté) : par exemple jean-marc.dupont."
                )
            )
        if User.objects.filter(login=login).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Cet identifiant est déjà utilisé."))
        return login

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Un compte existe déjà avec cette adresse électronique."))
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    # Saved by a service (monenfant.backoffice_access.services), never by ModelForm.save().
    def user_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class StaffUserSearchForm(DsfrBaseForm):
    q = forms.CharField(
        label=_("Rechercher (nom, prénom, adresse électronique, identifiant)"),
        required=False,
        max_length=100,
    )
    active = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous")), ("1", _("Actifs")), ("0", _("Inactifs"))],
    )


class StaffUserRolesForm(DsfrBaseForm):
    """The roles of the active CAF on an account the administrator may not fully manage. Empty
    is allowed: it detaches the account from the CAF."""

    roles = forms.MultipleChoiceField(
        label=_("Rôles dans la Caf"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, grantable_roles=(), current_roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(str(role), Role(role).label) for role in grantable_roles]
        self.fields["roles"].initial = [str(role) for role in current_roles]


class StructureCreationForm(DsfrBaseForm):
    """« Création d'une structure »: the kind, then « + Créer » (a GET to the form)."""

    type = forms.ChoiceField(
        label=_("Type de structure"),
        choices=[("", _("Choisissez un type")), *list(StructureKind.choices)],
    )


class StructureFilterForm(DsfrBaseForm):
    nom = forms.CharField(
        label=_("Nom"),
        required=False,
        max_length=100,
        help_text=_("Tout ou partie du nom, sans tenir compte des accents ni des majuscules."),
    )
    type = forms.ChoiceField(
        label=_("Type de structure"),
        required=False,
        choices=[("", _("Tous")), *list(StructureKind.choices)],
    )
    etat = forms.ChoiceField(
        label=_("État de la structure"),
        required=False,
        choices=[("", _("Tous")), *list(StructureStatus.choices)],
    )

    def filter(self, structures):
        name = normalize_search_text(self.cleaned_data["nom"])
        if name:
            structures = structures.filter(search_name__contains=name)
        if self.cleaned_data["type"]:
            structures = structures.filter(kind=self.cleaned_data["type"])
        if self.cleaned_data["etat"]:
            structures = structures.filter(status=self.cleaned_data["etat"])
        return structures


class RevisionRejectForm(DsfrBaseForm):
    """« Refuser les modifications » (decision D10): the reason is e-mailed to the author."""

    reason = forms.CharField(
        label=_("Motif du refus"),
        help_text=_("Il est envoyé par courriel à l'auteur des modifications."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indiquez le motif du refus.")},
    )

    def clean_reason(self):
        # PostgreSQL refuses NUL characters in text.
        return self.cleaned_data["reason"].replace("\x00", "")
