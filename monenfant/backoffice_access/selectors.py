"""The one scoping layer of the back office: every back-office query starts here.

A model opts in by naming the lookup that leads to its CAF in `caf_scope_lookup`
(e.g. "caf" for a structure, "caf_memberships__caf" for a user). Views then do

    get_object_or_404(scoped(Structure.objects.all(), request), pk=pk)

so that an object of another CAF is a 404, whatever ID is typed in the URL, a filter or an
export.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from monenfant.referential.models import Caf

from . import perms
from .enums import Role


def for_caf(queryset: QuerySet, caf) -> QuerySet:
    """Rows of `queryset` that belong to `caf`; nothing when there is no CAF."""
    model = queryset.model
    lookup = getattr(model, "caf_scope_lookup", None)
    if not lookup:
        raise ImproperlyConfigured(f"{model.__name__} does not declare caf_scope_lookup")
    if caf is None:
        return queryset.none()
    if "__" in lookup:
        # Through a to-many relation: a subquery rather than a join, so no duplicate rows.
        return queryset.filter(pk__in=model._default_manager.filter(**{lookup: caf}).values("pk"))
    return queryset.filter(**{lookup: caf})


def scoped(queryset: QuerySet, request) -> QuerySet:
    """`queryset` restricted to the active CAF of the request (see ActiveCafMiddleware)."""
    return for_caf(queryset, getattr(request, "active_caf", None))


def available_cafs(user) -> QuerySet:
    """The sites of the boussole: every CAF for a national administrator, else the CAFs where
    the user holds a role."""
    if perms.is_national_admin(user):
        return Caf.objects.all()
    caf_ids = {m.caf_id for m in perms.memberships_of(user) if m.caf_id}
    return Caf.objects.filter(pk__in=caf_ids)


def default_caf(user):
    memberships = [m for m in perms.memberships_of(user) if m.caf_id]
    if memberships:
        return min(memberships, key=lambda m: m.caf.code).caf
    return None


def staff_users(caf) -> QuerySet:
    """Back-office accounts attached to `caf` (never childminders or structure managers)."""
    return for_caf(get_user_model().objects.all(), caf)


def staff_user_list(caf, *, search: str = "", active: bool | None = None) -> QuerySet:
    users = (
        staff_users(caf)
        .prefetch_related("caf_memberships__caf")
        .order_by("last_name", "first_name", "email")
    )
    for term in search.split():
        users = users.filter(
            Q(email__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(login__icontains=term)
            | Q(job_title__icontains=term)
        )
    if active is not None:
        users = users.filter(is_active=active)
    return users


def roles_by_caf(user) -> dict:
    """{caf or None: [roles]} for display."""
    result: dict = {}
    for membership in perms.memberships_of(user):
        result.setdefault(membership.caf, []).append(Role(membership.role))
    return result


# Later apps register a function `caf -> QuerySet of users` (a CAF's childminders, the persons
# habilitated by its structures) so that the CAF's staff may act in those accounts.
_impersonation_scope_providers: list[Callable[[Caf], QuerySet]] = []


def register_impersonation_scope(provider: Callable[[Caf], QuerySet]) -> None:
    if provider not in _impersonation_scope_providers:
        _impersonation_scope_providers.append(provider)


def users_in_impersonation_scope(caf) -> QuerySet:
    users = get_user_model().objects.none()
    if caf is None:
        return users
    for provider in _impersonation_scope_providers:
        users = users | get_user_model().objects.filter(pk__in=provider(caf).values("pk"))
    return users
