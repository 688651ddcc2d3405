"""Hooks for django-axes (login throttling)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

LOCKOUT_MESSAGE = _(
    "Trop de tentatives de connexion ont échoué. Par sécurité, la connexion est bloquée "
    "pendant 15 minutes, même avec le bon mot de passe. Vous pouvez aussi réinitialiser votre "
    "mot de passe avec le lien « Mot de passe oublié ? », ce qui débloque votre compte, ou "
    "demander à l'administrateur de votre Caf de le débloquer."
)


def axes_username(request, credentials):
    """The login is an e-mail, case-insensitive: count "Agent@…" and "agent@…" together."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return (username or "").strip().lower() or None


def lockout_response(request, original_response=None, credentials=None):
    from .forms import LoginForm

    # The e-mail typed is kept; the password is not.
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    return render(
        request,
        "backoffice/login.html",
        {
            "form": form,
            "title": _("Connexion à l'espace Caf"),
            "lockout_message": LOCKOUT_MESSAGE,
            # Where the login form was heading, kept for the attempt after the lock-out (the
            # login view checks it is one of our pages before following it).
            "next": request.POST.get("next", request.GET.get("next", "")),
        },
        status=429,
    )
