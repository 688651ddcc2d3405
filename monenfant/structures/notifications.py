"""E-mails of the structure workflow, sent after the transition's transaction commits."""


def send_templated_email(**kwargs):
    # Imported late: the workflow table (and so this module) is read while models load.
    from monenfant.mailing.services import send_templated_email

    return send_templated_email(**kwargs)


def _author_email(structure):
    """The person who last sent the sheet for validation."""
    from monenfant.workflows.selectors import history_of

    log = history_of(structure).filter(transition="submit").first()
    person = (log.acting_as or log.actor) if log else None
    return person.email if person else ""


def structure_submitted(structure, log):
    to = structure.caf.mailbox_approvers
    if to:
        send_templated_email(
            to=to, template="structure_submitted", context={"structure": structure, "log": log}
        )


def structure_validated(structure, log):
    to = _author_email(structure)
    if to:
        send_templated_email(
            to=to, template="structure_validated", context={"structure": structure, "log": log}
        )


def structure_changes_rejected(structure, log):
    to = _author_email(structure)
    if to:
        send_templated_email(
            to=to,
            template="structure_changes_rejected",
            context={"structure": structure, "log": log},
        )
