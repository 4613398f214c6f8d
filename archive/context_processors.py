from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from archive.text import nfc


def languages(request: HttpRequest) -> dict:
    """This page in each interface language, for the switcher."""
    current = translation.get_language()
    here = request.get_full_path()
    return {
        "language_links": [
            {
                "code": code,
                # Django spells "Tiếng Việt" decomposed; pages are NFC throughout.
                "name": nfc(translation.get_language_info(code)["name_local"]),
                "url": translate_url(here, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
