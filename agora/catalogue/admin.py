from django.contrib import admin

from agora.catalogue.models import Activity, Competence, Level, Module, Programme, Unit


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__", "order"]


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ["slug", "kind", "order"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__", "organisation", "format", "status"]
    list_filter = ["status", "format"]
    search_fields = ["slug"]
    inlines = [LevelInline]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__", "level", "required", "order"]
    list_select_related = ["level__programme"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__", "module", "kind", "order"]
    list_select_related = ["module__level__programme"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__", "kind", "estimated_minutes"]
    list_filter = ["kind"]
    list_select_related = ["unit__module__level__programme"]
