from django.contrib import admin

from agora.quizzes.models import ExtraTime, Question, Quiz


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "module"]
    list_filter = ["kind"]
    search_fields = ["key", "module__slug"]
    raw_id_fields = ["module"]


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["activity", "question_count", "attempts_allowed", "pass_mark",
                    "time_limit_minutes", "feedback"]
    raw_id_fields = ["activity"]


@admin.register(ExtraTime)
class ExtraTimeAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "percent", "granted_at"]
    raw_id_fields = ["enrolment", "granted_by"]
