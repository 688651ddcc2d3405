from django.contrib import admin

from .models import CafMembership


@admin.register(CafMembership)
class CafMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "caf", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "caf__code"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["caf"]
