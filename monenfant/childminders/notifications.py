"""E-mails of the CAF's actions on a childminder (seed 000 « Radiation et suspension », e-mails
#10 to #13 of the lifecycle spec), sent after the transaction commits."""


def recipient(childminder) -> str:
    """The account's login address, else the contact address of the register."""
    user = childminder.user
    return (user.email if user is not None else "") or childminder.email


def _send(childminder, template):
    # Imported late: the workflow table (and so this module) is read while models load.
    from monenfant.mailing.services import send_templated_email

    to = recipient(childminder)
    if to:
        send_templated_email(
            to=to, template=template, context={"childminder": childminder, "caf": childminder.caf}
        )


def childminder_radiated(childminder, log):
    _send(childminder, template="childminder_radiated")


def childminder_radiation_lifted(childminder, log):
    _send(childminder, template="childminder_radiation_lifted")


def childminder_suspended(childminder, log):
    _send(childminder, template="childminder_suspended")


def childminder_suspension_lifted(childminder, log):
    _send(childminder, template="childminder_suspension_lifted")
