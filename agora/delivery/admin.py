from django.contrib import admin

from agora.delivery.models import (
    Cohort,
    CohortMessage,
    CohortStaff,
    Enrolment,
    ScheduledSession,
    Stream,
    Venue,
)


class StreamInline(admin.TabularInline):
    model = Stream
    extra = 0
    fields = ["slug", "name", "weekly_minutes", "completion", "order"]


class StaffInline(admin.TabularInline):
    model = CohortStaff
    extra = 0
    autocomplete_fields = ["user"]


class SessionInline(admin.TabularInline):
    model = ScheduledSession
    extra = 0
    fields = ["kind", "title", "language", "starts_at", "ends_at", "meeting_url"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["slug", "programme", "starts_on", "status", "capacity"]
    list_filter = ["status", "mode"]
    search_fields = ["slug"]
    inlines = [StreamInline, StaffInline, SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "cohort", "status", "language", "stream", "created_at"]
    list_filter = ["status", "language"]
    search_fields = ["user__email", "payment_reference"]
    list_select_related = ["user", "cohort__programme", "stream"]
    autocomplete_fields = ["user"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country"]


@admin.register(CohortMessage)
class CohortMessageAdmin(admin.ModelAdmin):
    """The history of messages, to look at: they are sent from the organiser's pages."""

    list_display = ["cohort", "sent_at", "sent_by", "stream", "language", "recipient_count"]
    list_select_related = ["cohort__programme", "sent_by", "stream"]
    readonly_fields = [
        "cohort", "key", "sent_by", "sent_at", "stream", "language", "texts", "recipient_count"
    ]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False
