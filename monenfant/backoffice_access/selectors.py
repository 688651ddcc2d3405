"""The one scoping layer: every back-office query, and every query of a professional space,
starts here.

A model declares how it reaches each territory (monenfant.backoffice_access.scopes):

    class Structure(models.Model):
        scope_lookups = ScopeLookups(caf="caf", structure="pk", commune="commune")

and views apply the request's scope:

    get_object_or_404(scoped(Structure.objects.all(), request), pk=pk)

so that an object of another scope is a 404, whatever ID is typed in the URL, a filter or an
export.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from monenfant.referential.models import Caf

from . import perms
from .enums import Role
from .scopes import Scope, ScopeKind


def _filter(queryset: QuerySet, lookup: str, value) -> QuerySet:
    model = queryset.model
    if "__" in lookup:
        # Through a to-many relation: a subquery rather than a join, so no duplicate rows.
        return queryset.filter(pk__in=model._default_manager.filter(**{lookup: value}).values("pk"))
    return queryset.filter(**{lookup: value})


def scoped(queryset: QuerySet, scope) -> QuerySet:
    """`queryset` restricted to `scope` (a Scope, or a request carrying one in `scope`, else
    scoped to its active CAF)."""
    if not isinstance(scope, Scope):
        request = scope
        scope = getattr(request, "scope", None) or Scope.of_caf(
            getattr(request, "active_caf", None)
        )
    model = queryset.model
    lookups = getattr(model, "scope_lookups", None)
    if lookups is None:
        raise ImproperlyConfigured(f"{model.__name__} does not declare scope_lookups")
    if scope.kind == ScopeKind.NATIONAL:
        return queryset
    if scope.kind == ScopeKind.CAF and lookups.caf:
        return _filter(queryset, lookups.caf, scope.caf)
    if scope.kind == ScopeKind.STRUCTURES and lookups.structure:
        return _filter(queryset, f"{lookups.structure}__in", scope.structure_ids)
    if scope.kind == ScopeKind.COMMUNES and lookups.commune:
        return _filter(queryset, f"{lookups.commune}__in", scope.commune_ids)
    # A territory the model does not declare, or the empty scope: nothing (fails closed).
    return queryset.none()


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
    return scoped(get_user_model().objects.all(), Scope.of_caf(caf))


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
