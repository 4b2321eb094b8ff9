"""The engagement competence framework that ships with Agora (names in the UI languages).

Loaded by a data migration and kept in step by ``ensure_framework()``; organisations may add
their own competences beside these.
"""

FRAMEWORK: list[dict] = [
    {
        "code": "why-and-when",
        "name": {
            "en": "Why and when to engage",
            "fr": "Pourquoi et quand associer le public",
            "da": "Hvorfor og hvornår borgerne skal inddrages",
            "pl": "Dlaczego i kiedy angażować mieszkańców",
        },
        "description": {
            "en": "Knows what public participation can and cannot achieve, and at which stage "
            "of the policy cycle it adds value.",
        },
    },
    {
        "code": "design-and-planning",
        "name": {
            "en": "Design and planning",
            "fr": "Conception et planification",
            "da": "Design og planlægning",
            "pl": "Projektowanie i planowanie",
        },
        "description": {
            "en": "Sets a clear mandate, scope, timeline and budget for a participatory process, "
            "and says in advance how its results will be used.",
        },
    },
    {
        "code": "recruitment-and-inclusion",
        "name": {
            "en": "Recruitment and inclusion",
            "fr": "Recrutement et inclusion",
            "da": "Rekruttering og inklusion",
            "pl": "Rekrutacja i włączanie",
        },
        "description": {
            "en": "Reaches people beyond the usual voices: civic lotteries, targeted outreach, "
            "accessibility and support to take part.",
        },
    },
    {
        "code": "methods-and-facilitation",
        "name": {
            "en": "Methods and facilitation",
            "fr": "Méthodes et animation",
            "da": "Metoder og facilitering",
            "pl": "Metody i moderacja",
        },
        "description": {
            "en": "Chooses methods that fit the question and facilitates dialogue and "
            "deliberation fairly.",
        },
    },
    {
        "code": "digital-tools",
        "name": {
            "en": "Digital tools",
            "fr": "Outils numériques",
            "da": "Digitale værktøjer",
            "pl": "Narzędzia cyfrowe",
        },
        "description": {
            "en": "Uses online platforms, live polling and opinion mapping safely, accessibly "
            "and in combination with in-person formats.",
        },
    },
    {
        "code": "analysis-and-use",
        "name": {
            "en": "Analysis and use of results",
            "fr": "Analyse et utilisation des résultats",
            "da": "Analyse og brug af resultater",
            "pl": "Analiza i wykorzystanie wyników",
        },
        "description": {
            "en": "Turns contributions into findings, feeds them into decisions and reports "
            "back to participants.",
        },
    },
    {
        "code": "evaluation-and-impact",
        "name": {
            "en": "Evaluation and impact",
            "fr": "Évaluation et impact",
            "da": "Evaluering og effekt",
            "pl": "Ewaluacja i wpływ",
        },
        "description": {
            "en": "Defines indicators, gathers evidence and learns from each process.",
        },
    },
    {
        "code": "building-capacity",
        "name": {
            "en": "Building capacity",
            "fr": "Développement des capacités",
            "da": "Kapacitetsopbygning",
            "pl": "Budowanie potencjału",
        },
        "description": {
            "en": "Trains colleagues, builds internal networks and makes participation a routine "
            "part of how the organisation works.",
        },
    },
]


def ensure_framework(competence_model) -> None:
    """Create or update the shipped competences (idempotent). Takes the model so that a data
    migration can pass its historical one."""
    for order, entry in enumerate(FRAMEWORK):
        competence_model.objects.update_or_create(
            code=entry["code"],
            defaults={"name": entry["name"], "description": entry["description"], "order": order},
        )
