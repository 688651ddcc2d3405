"""E-mails of the CAF's actions on a childminder (seed 000 « Radiation et suspension », e-mails
#10 to #13 of the lifecycle spec), sent after the transaction commits."""

# The e-mail template of each transition of CHILDMINDER_WORKFLOW.
TEMPLATES = {
    "radiate": "childminder_radiated",
    "lift_radiation": "childminder_radiation_lifted",
    "suspend": "childminder_suspended",
    "lift_suspension": "childminder_suspension_lifted",
}


def recipient(childminder) -> str:
    """The account's login address, else the contact address of the register."""
    user = childminder.user
    return (user.email if user is not None else "") or childminder.email


def notify_childminder(childminder, log):
    # Imported late: the workflow table (and so this module) is read while models load.
    from monenfant.mailing.services import send_templated_email

    to = recipient(childminder)
    if to:
        send_templated_email(
            to=to,
            template=TEMPLATES[log.transition],
            context={"childminder": childminder, "caf": childminder.caf},
        )
