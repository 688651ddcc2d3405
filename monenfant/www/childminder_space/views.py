"""The childminder's space (/compte/assistant-maternel/): profile, availability table and its
confirmation. Every view works on the logged-in account's own childminder (no id in the URL:
another childminder's data cannot be addressed). A childminder suspended by the CAF sees the
pages read-only; while the registration is not validated, only a waiting page."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monenfant.childminders import selectors, space_services
from monenfant.childminders.enums import ChildminderStatus
from monenfant.www.account.views import account_view

from .forms import AvailabilityForm, ProfileForm

SPACE_STATUSES = (ChildminderStatus.VALIDATED, ChildminderStatus.SUSPENDED)


def space_view(view):
    """Logged in (account login otherwise), with a childminder (403 otherwise); pages other
    than the home wait for the validation of the registration."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        childminder = selectors.space_childminder(request.user)
        if childminder is None:
            raise PermissionDenied
        if childminder.status not in SPACE_STATUSES and view is not home:
            return redirect("childminder_space:home")
        request.childminder = childminder
        return view(request, *args, **kwargs)

    return account_view()(wrapper)


def _read_only(request) -> bool:
    return request.childminder.status == ChildminderStatus.SUSPENDED


def _refuse_write(request):
    messages.error(
        request,
        _("Votre compte est suspendu par la Caf : vous ne pouvez rien modifier pour l'instant."),
    )


def _disable(form):
    for field in form.fields.values():
        field.disabled = True


def home(request):
    childminder = request.childminder
    if childminder.status not in SPACE_STATUSES:
        return render(
            request,
            "childminder_space/pending.html",
            {"title": _("Votre demande d'inscription est en cours de traitement")},
        )
    return render(
        request,
        "childminder_space/home.html",
        {
            "title": _("Mon espace assistant maternel"),
            "childminder": childminder,
            "read_only": _read_only(request),
            "availabilities": selectors.availabilities_by_day(childminder),
            "working_hours": selectors.working_hours_by_day(childminder),
        },
    )


def profile(request):
    childminder = request.childminder
    read_only = _read_only(request)
    if request.method == "POST" and read_only:
        _refuse_write(request)
        return redirect("childminder_space:profile")
    form = ProfileForm(request.POST or None, childminder=childminder)
    if read_only:
        _disable(form)
    if request.method == "POST" and form.is_valid():
        space_services.childminder_profile_update(
            childminder=childminder,
            actor=request.user,
            data={name: form.cleaned_data[name] for name in space_services.PROFILE_FIELDS},
        )
        messages.success(request, _("Votre profil est enregistré et publié."))
        return redirect("childminder_space:home")
    return render(
        request,
        "childminder_space/profile.html",
        {
            "title": _("Mon profil"),
            "childminder": childminder,
            "form": form,
            "read_only": read_only,
            "working_hours_rows": form.range_rows("wh", with_places=False),
        },
    )


def availability(request):
    childminder = request.childminder
    read_only = _read_only(request)
    if request.method == "POST" and read_only:
        _refuse_write(request)
        return redirect("childminder_space:availability")
    copying = request.method == "POST" and "copy" in request.POST
    form = AvailabilityForm(request.POST or None, childminder=childminder)
    if copying:
        # Without JavaScript the copy is a round trip: the copied ranges come back to be
        # checked, nothing is saved until « Enregistrer ».
        form = AvailabilityForm(form.copied_data(), childminder=childminder)
        messages.info(request, _("Plages copiées : vérifiez-les puis enregistrez."))
    elif request.method == "POST" and form.is_valid():
        space_services.availability_table_save(
            childminder=childminder,
            actor=request.user,
            ranges=form.cleaned_data["ranges"],
            suspended_from=form.cleaned_data["suspended_from"],
            suspended_until=form.cleaned_data["suspended_until"],
        )
        messages.success(request, _("Vos disponibilités sont enregistrées et publiées."))
        return redirect("childminder_space:home")
    if read_only:
        _disable(form)
    return render(
        request,
        "childminder_space/availability.html",
        {
            "title": _("Mes disponibilités"),
            "childminder": childminder,
            "form": form,
            "read_only": read_only,
            "rows": form.range_rows("av", with_places=True),
        },
    )


@require_POST
def confirm(request):
    try:
        space_services.availability_confirm(childminder=request.childminder, actor=request.user)
    except space_services.SpaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Merci : vos disponibilités sont confirmées à la date du jour.")
        )
    return redirect("childminder_space:home")


def confirm_by_link(request, token):
    """The one-click link of a reminder, without login. GET shows the button, POST confirms:
    a mail scanner opening the link confirms nothing."""
    error = None
    try:
        reminder = space_services.reminder_of_token(token)
    except space_services.SpaceError as refused:
        reminder, error = None, str(refused)
    if reminder and request.method == "POST":
        try:
            space_services.availability_confirm_by_link(token=token)
        except space_services.SpaceError as refused:
            error = str(refused)
        else:
            return render(
                request,
                "childminder_space/confirm_link.html",
                {"title": _("Disponibilités confirmées"), "done": True, "error": None},
            )
    return render(
        request,
        "childminder_space/confirm_link.html",
        {"title": _("Confirmer mes disponibilités"), "done": False, "error": error},
        status=400 if error else 200,
    )
