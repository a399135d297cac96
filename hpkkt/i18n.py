from django.utils.translation import get_language


def localized_name(name: str, name_en: str) -> str:
    """Reference data is named in Vietnamese; show the English name when English is active."""
    if name_en and (get_language() or "vi").startswith("en"):
        return name_en
    return name
