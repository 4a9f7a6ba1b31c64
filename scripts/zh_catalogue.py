"""Fill the zh_Hans catalogue: our msgids are Chinese, so each translation is its msgid.

Run by `make messages` after makemessages; keeps the catalogue complete so that tools
and translators see every string as translated.
"""

from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> None:
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.obsolete:
            continue
        # Always the msgid itself: a fuzzy guess by makemessages would show another
        # string's Chinese.
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()


if __name__ == "__main__":
    main()
