"""E-mails of habilitation requests (lifecycle-spec §1.2 #14–#17), sent after commit."""


def send_templated_email(**kwargs):
    # Imported late: the workflow table (and so this module) is read while models load.
    from monenfant.mailing.services import send_templated_email

    return send_templated_email(**kwargs)


def habilitation_request_received(request):
    """#14 acknowledgment to the manager; #15 the CAF's « BALF Approbateurs »."""
    send_templated_email(
        to=request.contact_email,
        template="habilitation_request_acknowledgment",
        context={"habilitation_request": request},
    )
    if request.caf.mailbox_approvers:
        send_templated_email(
            to=request.caf.mailbox_approvers,
            template="habilitation_request_received",
            context={"habilitation_request": request},
        )


def habilitation_request_validated(request, log):
    """#16: the requesting manager is told (each person gets #17 from the validation)."""
    send_templated_email(
        to=request.contact_email,
        template="habilitation_request_validated",
        context={"habilitation_request": request},
    )


def person_habilitated(user):
    """#18 « notification d'habilitation »: a person with an account gained structures."""
    send_templated_email(
        to=user.email, template="habilitation_person_added", context={"person": user}
    )
