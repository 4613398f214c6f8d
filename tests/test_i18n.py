import ast
import gettext
import re

from django.utils import translation

from tests.conftest import ROOT

LOCALE = ROOT / "archive" / "locale" / "vi" / "LC_MESSAGES"
_QUOTED = r'"(?:[^"\\]|\\.)*"'


def _string(field: str, block: str) -> str | None:
    """The value of a msgid/msgstr field, its quoted lines joined."""
    match = re.search(rf"^{field} ((?:{_QUOTED}\s*)+)", block, re.M)
    return "".join(ast.literal_eval(part) for part in re.findall(_QUOTED, match[1])) if match else None


def po_entries() -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) -> msgstr of the Vietnamese catalogue's singular entries."""
    entries = {}
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        msgid, msgstr = _string("msgid", block), _string("msgstr", block)
        if msgid and msgstr is not None and "msgid_plural" not in block:
            entries[(_string("msgctxt", block), msgid)] = msgstr
    return entries


def test_every_message_is_translated_and_compiled():
    compiled = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    entries = po_entries()
    assert len(entries) > 100
    for (context, msgid), msgstr in entries.items():
        assert msgstr, f"untranslated: {msgid}"
        found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        assert found == msgstr, f"django.mo is stale for {msgid!r}: run compilemessages"


def test_vietnamese_is_the_default_interface(settings):
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override("vi"):
        assert translation.gettext("Archive of provincial Party news") == "Lưu trữ tin Đảng bộ các tỉnh"


def test_counts_are_grouped_as_each_language_writes_them():
    from django.contrib.humanize.templatetags.humanize import intcomma

    with translation.override("vi"):
        assert intcomma(1234567) == "1.234.567"
    with translation.override("en"):
        assert intcomma(1234567) == "1,234,567"
