"""The workflow primitive, on the structure states of seed 000."""

import pytest
from django.apps import apps
from django.urls import reverse

from monenfant.audit.models import AuditEntry
from monenfant.backoffice_access.enums import Role
from monenfant.mailing.models import OutboxEmail
from monenfant.structures.models import Structure
from monenfant.workflows.models import TransitionLog
from monenfant.workflows.services import transition_apply
from monenfant.workflows.transitions import TransitionError
from tests.backoffice.helpers import log_in
from tests.factories import HabilitationFactory, StructureFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db


def workflow_models():
    return [model for model in apps.get_models() if hasattr(model, "workflow")]


def test_structures_have_the_three_states_of_seed_000():
    assert Structure in workflow_models()
    labels = {str(label) for _, label in Structure.workflow.states.choices}
    assert labels == {"En cours de création", "En attente de validation", "Validé"}


@pytest.mark.parametrize("model", workflow_models(), ids=lambda m: m._meta.label)
def test_each_transition_table_is_closed(model):
    workflow = model.workflow
    states = {str(value) for value in workflow.states.values}
    assert str(workflow.initial) in states
    for transition in workflow.transitions:
        assert transition.target in states, transition.name
        assert transition.sources and transition.sources <= states, transition.name
        assert transition.permission, transition.name
    # Every state is reachable from the initial one.
    # (or from a state another workflow writes, declared in `set_elsewhere`).
    starts = {str(workflow.initial), *(str(state) for state in workflow.set_elsewhere)}
    assert starts <= states
    reached, frontier = set(starts), list(starts)
    while frontier:
        state = frontier.pop()
        for transition in workflow.transitions:
            if state in transition.sources and transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == states
    # The state field accepts exactly the workflow's states.
    field = model._meta.get_field(workflow.state_field)
    assert {str(value) for value, _ in field.choices} == states


def nothing_written(structure, status):
    structure.refresh_from_db()
    return (
        structure.status == status
        and not TransitionLog.objects.exists()
        and not AuditEntry.objects.filter(target_type="structures.structure").exists()
    )


def test_a_refused_transition_is_a_french_message_on_the_page_and_writes_nothing(client):
    agent = staff_user(Role.CAF_AGENT, "CAF161")
    structure = StructureFactory(draft=True)
    log_in(client, agent)
    response = client.post(
        reverse("backoffice:structure_transition", args=[structure.pk, "validate"]), follow=True
    )
    html = response.content.decode()
    assert (
        "«\u00a0Valider les modifications\u00a0» est impossible\u00a0: "
        "l&#x27;état est «\u00a0En cours de création\u00a0»." in html
    )
    assert nothing_written(structure, "brouillon")


def test_a_refusal_needs_a_reason_and_keeps_nothing_half_done(client):
    agent = staff_user(Role.CAF_AGENT, "CAF161")
    structure = StructureFactory(pending=True)
    log_in(client, agent)
    url = reverse("backoffice:structure_transition", args=[structure.pk, "reject_changes"])
    html = client.post(url, {"reason": "   "}, follow=True).content.decode()
    assert "Indiquez le motif." in html
    assert nothing_written(structure, "en_attente")


def test_a_wrong_role_is_refused_and_writes_nothing():
    manager = UserFactory()
    structure = StructureFactory(pending=True)
    HabilitationFactory(person=manager, structure=structure)
    with pytest.raises(TransitionError) as refused:
        transition_apply(obj=structure, name="validate", actor=manager)
    assert str(refused.value) == (
        "Vous n'avez pas le droit de faire «\u00a0Valider les modifications\u00a0»."
    )
    # Neither a stranger nor an agent of another CAF may send a sheet for validation.
    draft = StructureFactory(draft=True)
    for someone in (UserFactory(), staff_user(Role.CAF_AGENT, "CAF751")):
        with pytest.raises(TransitionError):
            transition_apply(obj=draft, name="submit", actor=someone)
    assert nothing_written(structure, "en_attente")
    assert nothing_written(draft, "brouillon")


def test_an_applied_transition_writes_one_log_row_and_one_audit_entry(
    client, django_capture_on_commit_callbacks
):
    structure = StructureFactory(draft=True)
    structure.caf.mailbox_approvers = "approbateurs@caf16.example.org"
    structure.caf.save()
    manager = UserFactory(email="directrice@example.org")
    HabilitationFactory(person=manager, structure=structure)
    with django_capture_on_commit_callbacks(execute=True):
        log = transition_apply(obj=structure, name="submit", actor=manager, data={"fields": 3})
    structure.refresh_from_db()
    assert structure.status == "en_attente"
    assert TransitionLog.objects.count() == 1
    assert (log.from_state, log.to_state, log.actor, log.data) == (
        "brouillon",
        "en_attente",
        manager,
        {"fields": 3},
    )
    entries = AuditEntry.objects.filter(target_type="structures.structure")
    assert [(e.action, e.actor) for e in entries] == [("structure_submit", manager)]
    assert OutboxEmail.objects.get().to == ["approbateurs@caf16.example.org"]

    # The CAF validates from the page; the author is told.
    agent = staff_user(Role.CAF_AGENT, "CAF161")
    log_in(client, agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:structure_transition", args=[structure.pk, "validate"]),
            follow=True,
        )
    assert "Nouvel état de la fiche\u00a0: «\u00a0Validé\u00a0»." in response.content.decode()
    structure.refresh_from_db()
    assert structure.status == "valide"
    assert TransitionLog.objects.count() == 2
    assert AuditEntry.objects.filter(action="structure_validate", actor=agent).count() == 1
    assert OutboxEmail.objects.order_by("pk").last().to == ["directrice@example.org"]
    html = client.get(reverse("backoffice:structure_detail", args=[structure.pk])).content.decode()
    assert "En attente de validation → Validé" in html


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    structure = StructureFactory(draft=True)
    structure.caf.mailbox_approvers = "approbateurs@caf16.example.org"
    structure.caf.save()
    agent = staff_user(Role.CAF_AGENT, "CAF161")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition_apply(obj=structure, name="submit", actor=agent)
    assert OutboxEmail.objects.count() == 0
    assert len(callbacks) == 1
