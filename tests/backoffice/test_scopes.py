"""Acceptance of the data scopes: national, a CAF, the structures of a person's habilitations,
the communes of an information point. Expected rows are the ones each test creates."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from monenfant.backoffice_access.enums import Role
from monenfant.backoffice_access.scopes import (
    CAF,
    NATIONAL,
    Scope,
    backoffice_scope,
    information_point_scope,
    person_scope,
)
from monenfant.backoffice_access.selectors import scoped
from monenfant.childminders.models import Childminder
from monenfant.habilitations.models import Habilitation
from monenfant.structures.models import Structure
from tests.backoffice.helpers import log_in
from tests.factories import (
    ChildminderFactory,
    HabilitationFactory,
    StructureFactory,
    UserFactory,
    commune,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cafs(paris, bouches_du_rhone):
    """One childminder and one structure in Paris (CAF751), the same in Marseille (CAF131)."""
    paris_commune, marseille = commune("75056"), commune("13055")
    return {
        "CAF751": (
            ChildminderFactory(commune=paris_commune),
            StructureFactory(commune=paris_commune),
        ),
        "CAF131": (ChildminderFactory(commune=marseille), StructureFactory(commune=marseille)),
    }


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_a_national_moderator_sees_the_requests_of_every_caf(two_cafs, paris):
    # The national pool: a membership without CAF (decision D1).
    moderator = staff_user(Role.MODERATOR, None)
    scope = backoffice_scope(
        moderator, permission="view_registration_requests", level=NATIONAL, caf=paris
    )
    assert scope.is_national
    expected = {two_cafs["CAF751"][0].pk, two_cafs["CAF131"][0].pk}
    assert ids(scoped(Childminder.objects.all(), scope)) == expected


def test_a_moderator_attached_to_a_caf_stays_in_that_caf(two_cafs, paris):
    moderator = staff_user(Role.MODERATOR, "CAF751")
    scope = backoffice_scope(
        moderator, permission="view_registration_requests", level=NATIONAL, caf=paris
    )
    assert not scope.is_national
    assert ids(scoped(Childminder.objects.all(), scope)) == {two_cafs["CAF751"][0].pk}


def test_an_agent_reading_registration_requests_stays_in_their_caf(two_cafs, paris):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    scope = backoffice_scope(
        agent, permission="view_registration_requests", level=NATIONAL, caf=paris
    )
    assert not scope.is_national
    assert ids(scoped(Childminder.objects.all(), scope)) == {two_cafs["CAF751"][0].pk}


def test_caf_management_is_per_caf_even_for_a_moderator(two_cafs, paris):
    # The moderator role does not grant manage_structures: no national scope through it.
    user = staff_user(Role.MODERATOR, "CAF751")
    scope = backoffice_scope(user, permission="manage_structures", level=CAF, caf=paris)
    assert ids(scoped(Structure.objects.all(), scope)) == {two_cafs["CAF751"][1].pk}


def test_an_agent_of_caf_a_never_sees_caf_b_objects(client, two_cafs):
    agent = staff_user(Role.CAF_AGENT, "CAF751")
    log_in(client, agent)
    own, other = two_cafs["CAF751"][1], two_cafs["CAF131"][1]
    assert client.get(reverse("backoffice:structure_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("backoffice:structure_detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("backoffice:structure_transition", args=[other.pk, "validate"]))
    assert response.status_code == 404


def test_a_habilitated_person_sees_their_structure_and_nothing_else(two_cafs):
    person = UserFactory()
    mine = two_cafs["CAF751"][1]
    HabilitationFactory(person=person, structure=mine)
    HabilitationFactory(structure=two_cafs["CAF131"][1])  # someone else's
    scope = person_scope(person)
    assert ids(scoped(Structure.objects.all(), scope)) == {mine.pk}
    assert ids(scoped(Habilitation.objects.all(), scope)) == set(
        Habilitation.objects.filter(person=person).values_list("pk", flat=True)
    )
    # Childminders are reached through no structure: nothing, never everything.
    assert ids(scoped(Childminder.objects.all(), scope)) == set()


def test_an_information_point_sees_only_the_communes_it_serves(two_cafs):
    person = UserFactory()
    angouleme, paris_commune = commune("16015"), commune("75056")
    linf = StructureFactory(kind="linf", eaje_type="", psu=False, capacity=None, online_desk=True)
    linf.communes_served.set([angouleme])
    HabilitationFactory(person=person, structure=linf)
    in_angouleme = ChildminderFactory(commune=angouleme)
    scope = information_point_scope(person)
    assert scope.commune_ids == {angouleme.pk}
    assert ids(scoped(Childminder.objects.all(), scope)) == {in_angouleme.pk}
    assert paris_commune.pk not in scope.commune_ids
    # A structure the person is habilitated for but that is no information point gives no
    # commune.
    other = UserFactory()
    crèche = StructureFactory()
    crèche.communes_served.set([paris_commune])
    HabilitationFactory(person=other, structure=crèche)
    assert information_point_scope(other).commune_ids == frozenset()


def test_the_empty_scope_and_an_anonymous_person_see_nothing(two_cafs):
    from django.contrib.auth.models import AnonymousUser

    assert ids(scoped(Structure.objects.all(), Scope.nothing())) == set()
    assert ids(scoped(Structure.objects.all(), Scope.of_caf(None))) == set()
    assert ids(scoped(Structure.objects.all(), person_scope(AnonymousUser()))) == set()


def test_models_must_declare_how_they_are_scoped(paris):
    from monenfant.backoffice_access.models import CafMembership

    with pytest.raises(ImproperlyConfigured):
        scoped(CafMembership.objects.all(), Scope.of_caf(paris))


def test_every_backoffice_view_declares_a_known_scope():
    from tests.backoffice.test_authorization_matrix import backoffice_patterns

    scopes = {pattern.callback.backoffice_scope for _, pattern in backoffice_patterns()}
    assert scopes <= {CAF, NATIONAL}
