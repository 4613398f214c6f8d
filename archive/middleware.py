from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """The language is part of the address: Vietnamese at ``/…``, English at ``/en/…``.

    Django's LocaleMiddleware would fall back on the browser's Accept-Language
    and a cookie, so the same link would show different pages to different
    people and no shared cache could keep a page. Here a link always shows the
    language it names, and a page needs no ``Vary`` on the visitor's headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
