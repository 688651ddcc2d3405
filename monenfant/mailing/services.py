from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from .models import OutboxEmail


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of `emails/<template>.{subject.txt,txt,html}`."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"emails/{template}.subject.txt", context)
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text, html


def send_templated_email(
    *, to: list[str] | str, template: str, context: dict, reply_to: list[str] | None = None
) -> OutboxEmail:
    """Store the rendered e-mail in the outbox and deliver it in the background after commit."""
    from .tasks import deliver_email

    subject, text, html = render_email(template, context)
    email = OutboxEmail.objects.create(
        template=template,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        reply_to=reply_to or [],
        subject=subject,
        body_text=text,
        body_html=html,
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email
