from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agora.accounts.erasure import confirm_erasure, decline_erasure
from agora.accounts.models import ErasureRequest, Membership, Organisation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "preferred_language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["user", "reason", "status", "requested_at", "decided_at", "decided_by"]
    actions = ["confirm", "decline"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Erase the selected people's data"))
    def confirm(self, request, queryset):
        pending = list(queryset.pending())
        for erasure_request in pending:
            confirm_erasure(erasure_request, admin=request.user)
        self.message_user(
            request,
            ngettext("%d person's data erased.", "%d people's data erased.", len(pending))
            % len(pending),
            messages.SUCCESS,
        )

    @admin.action(description=_("Decline the selected requests"))
    def decline(self, request, queryset):
        for erasure_request in queryset.pending():
            decline_erasure(erasure_request, admin=request.user)
