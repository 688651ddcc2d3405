from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monenfant.backoffice_access.scopes import ScopeLookups

from .enums import AccountKind


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # E-mail is the login and is case-insensitive.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    # Stored in lower case (see save), so that uniqueness and login ignore case.
    email = models.EmailField(
        _("adresse électronique"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("Un compte existe déjà avec cette adresse électronique.")},
    )
    # Back-office staff only: "prénom.nom" without accents (seed 000, fiche n°2), used to search.
    login = models.CharField(_("identifiant"), max_length=150, blank=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    job_title = models.CharField(_("titre du poste"), max_length=150, blank=True)
    # Accounts created by a CAF (staff, habilitated persons) and self-registered childminders.
    kind = models.CharField(
        _("type de compte"), max_length=30, choices=AccountKind, default=AccountKind.CAF_STAFF
    )
    must_change_password = models.BooleanField(_("doit changer son mot de passe"), default=False)
    date_joined = models.DateTimeField(_("date de création"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []
    # Data scopes (monenfant.backoffice_access.scopes): a user belongs to the CAFs where it
    # holds a role.
    scope_lookups = ScopeLookups(caf="caf_memberships__caf")

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(
                fields=["login"],
                condition=~models.Q(login=""),
                name="user_login_unique",
                violation_error_message=_("Cet identifiant est déjà utilisé."),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email
