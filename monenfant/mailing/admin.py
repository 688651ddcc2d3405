from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject", "to"]
    # The bodies are shown with secret links masked (see masking.py), never as stored.
    exclude = ["body_text", "body_html"]
    readonly_fields = [
        *(f.name for f in OutboxEmail._meta.fields if f.name not in ("body_text", "body_html")),
        "masked_body_text",
        "masked_body_html",
    ]

    @admin.display(description=_("texte"))
    def masked_body_text(self, email):
        return email.masked_body_text

    @admin.display(description=_("HTML"))
    def masked_body_html(self, email):
        return email.masked_body_html
