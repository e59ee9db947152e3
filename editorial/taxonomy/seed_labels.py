"""The seeded sections' and regions' names in the catalogue's other languages.

A new newsroom's menus read in each edition's language from the first start; admins change any
of them on the term's page afterwards (`Named.labels`). Only `seed_taxonomy` reads this: a
newsroom that already has its taxonomy keeps the labels its admins gave.
"""

from __future__ import annotations

SEED_LABELS: dict[str, dict[str, str]] = {
    "Politics": {"ar": "سياسة", "es": "Política"},
    "Economy": {"ar": "اقتصاد", "es": "Economía"},
    "Sports": {"ar": "رياضة", "es": "Deportes"},
    "Arts&Culture": {"ar": "فنون وثقافة", "es": "Arte y cultura"},
    "Health": {"ar": "صحة", "es": "Salud"},
    "Miscellaneous": {"ar": "منوعات", "es": "Variedades"},
    "Technology": {"ar": "تكنولوجيا", "es": "Tecnología"},
    "Environment": {"ar": "بيئة", "es": "Medio ambiente"},
    "Opinion": {"ar": "رأي", "es": "Opinión"},
    "Analysis": {"ar": "تحليل", "es": "Análisis"},
    "Blog": {"ar": "مدونة", "es": "Blog"},
    "Features": {"ar": "تحقيقات", "es": "Reportajes"},
    "Africa": {"ar": "أفريقيا", "es": "África"},
    "Asia": {"ar": "آسيا", "es": "Asia"},
    "Asia-Pacific": {"ar": "آسيا والمحيط الهادئ", "es": "Asia-Pacífico"},
    "Europe": {"ar": "أوروبا", "es": "Europa"},
    "Latin America": {"ar": "أمريكا اللاتينية", "es": "América Latina"},
    "MENA": {"ar": "الشرق الأوسط وشمال أفريقيا", "es": "Oriente Medio y Norte de África"},
    "Palestine": {"ar": "فلسطين", "es": "Palestina"},
    "US & Canada": {"ar": "الولايات المتحدة وكندا", "es": "EE. UU. y Canadá"},
}
