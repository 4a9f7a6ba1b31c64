"""The Chinese catalogue maps every msgid to itself (msgids are Chinese); English is
complete; Wagtail's own missing strings are filled."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_chinese_catalogue_is_the_identity():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    wrong = [e.msgid for e in po if not e.obsolete and not e.msgid_plural and e.msgstr != e.msgid]
    assert wrong == []


def test_english_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    live = [e for e in po if not e.obsolete]
    assert [e.msgid for e in live if not e.translated()] == []


def test_strings_in_each_language():
    with translation.override("en"):
        assert translation.gettext("审计日志") == "Audit log"
    with translation.override("zh-hans"):
        assert translation.gettext("近7天登录失败") == "近7天登录失败"
        assert translation.gettext("Search all pages…") == "搜索所有页面…"
