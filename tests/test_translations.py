"""The interface ships complete in French, Danish and Polish.

Checks Agora's own catalogues (agora/locale/<lang>/LC_MESSAGES/django.po): every entry translated
and not fuzzy, placeholders kept, the committed .mo compiled from the current .po, and Django
serving the translations. Strings of Django and allauth come with those packages.

After adding or changing strings: run ``scripts/update-translations``, translate the new entries
in the three .po files, and run the script again to compile them.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils.html import escape
from django.utils.translation import gettext as django_gettext
from django.utils.translation import ngettext, override

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "agora"
LOCALE = PACKAGE / "locale"
LANGUAGES = ["fr", "da", "pl"]
PLURAL_FORMS = {"fr": 2, "da": 2, "pl": 3}
HOME_TITLE = "Learn and practise citizen engagement"

# %(name)s, %d, %.1f, … but not the literal %%.
PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)
# {name}, {0}, {}, {name!r:>10}, … but not the literal {{ or }}.
BRACE_PLACEHOLDER = re.compile(r"(?<!\{)\{(?!\{)[^{}]*\}")


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


def describe(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


def percent_placeholders(text: str) -> tuple[list[str], list[str]]:
    """Named placeholders (sorted) and positional ones (in order), leaving out %%."""
    named, positional = [], []
    for match in PERCENT_PLACEHOLDER.finditer(text):
        if match.group() == "%%":
            continue
        (named if match.group("name") is not None else positional).append(match.group())
    return sorted(named), positional


def brace_placeholders(text: str) -> list[str]:
    return sorted(BRACE_PLACEHOLDER.findall(text))


def translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: each plural form is checked against msgid_plural."""
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for _, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_exists_with_correct_header(lang):
    po = catalogue(lang)
    assert len(po) > 0
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy; remove '#, fuzzy' above it"
    assert po.metadata["Language"] == lang
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert f"nplurals={PLURAL_FORMS[lang]};" in po.metadata["Plural-Forms"].replace(" ", "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated(lang):
    po = catalogue(lang)
    missing = [describe(entry) for entry in po.untranslated_entries()]
    assert not missing, (
        f"{len(missing)} untranslated in {lang}/django.po "
        "(translate them, then run scripts/update-translations): " + ", ".join(missing)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_entry_is_fuzzy(lang):
    po = catalogue(lang)
    fuzzy = [describe(entry) for entry in po.fuzzy_entries()]
    assert not fuzzy, f"fuzzy in {lang}/django.po (check, then drop the flag): " + ", ".join(fuzzy)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_entries_have_every_form(lang):
    po = catalogue(lang)
    wrong = [
        describe(entry)
        for entry in po
        if entry.msgid_plural and sorted(entry.msgstr_plural) != list(range(PLURAL_FORMS[lang]))
    ]
    assert not wrong, f"plural entries without exactly {PLURAL_FORMS[lang]} forms: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang):
    problems = []
    for entry in catalogue(lang).translated_entries():
        for source, text in translations(entry):
            percent_changed = "python-format" in entry.flags and (
                percent_placeholders(text) != percent_placeholders(source)
            )
            brace_changed = "python-brace-format" in entry.flags and (
                brace_placeholders(text) != brace_placeholders(source)
            )
            if percent_changed or brace_changed:
                problems.append(f"{describe(entry)} -> {text!r}")
    assert not problems, "placeholders changed or lost:\n" + "\n".join(problems)


def test_placeholder_patterns():
    assert percent_placeholders("%(name)s has %d of %(total)d, 100%%") == (
        ["%(name)s", "%(total)d"],
        ["%d"],
    )
    assert brace_placeholders("{name} of {count} {{ literal }}") == ["{count}", "{name}"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_po(lang):
    """The committed .mo is compiled from the current .po (run scripts/update-translations)."""
    po = catalogue(lang)
    mo_path = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), f"{mo_path} is missing; run scripts/update-translations"
    with mo_path.open("rb") as handle:
        mo = gettext.GNUTranslations(handle)

    expected = {}
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr
    compiled = {key: value for key, value in mo._catalog.items() if key != ""}

    stale = sorted(
        str(key)
        for key in expected.keys() | compiled.keys()
        if expected.get(key) != compiled.get(key)
    )
    assert not stale, (
        f"{lang}/django.mo differs from django.po; run scripts/update-translations: {stale}"
    )
    assert mo.info().get("plural-forms") == po.metadata["Plural-Forms"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_django_serves_the_translation(lang):
    expected = next(entry.msgstr for entry in catalogue(lang) if entry.msgid == HOME_TITLE)
    with override(lang):
        translated = django_gettext(HOME_TITLE)
    assert translated == expected
    assert translated != HOME_TITLE


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_is_translated(client, db, lang):
    expected = next(entry.msgstr for entry in catalogue(lang) if entry.msgid == HOME_TITLE)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert escape(expected) in response.content.decode()
    assert f'lang="{lang}"' in response.content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_are_chosen_by_the_header(lang):
    """Django applies our Plural-Forms (pl: 1 / 2-4, 22-24 / 5-21, 25-31, …) to our entries."""
    po = catalogue(lang)
    entry = next((entry for entry in po if entry.msgid_plural), None)
    assert entry is not None, "the catalogue has plural entries (e.g. the admin's erasure count)"
    plural = gettext.c2py(po.metadata["Plural-Forms"].split("plural=", 1)[1].rstrip(";"))
    with override(lang):
        for n in (0, 1, 2, 4, 5, 12, 21, 22, 25, 101, 112):
            text = ngettext(entry.msgid, entry.msgid_plural, n)
            assert text == entry.msgstr_plural[plural(n)], (n, text)
    if lang == "pl":
        assert [plural(n) for n in (1, 2, 4, 5, 12, 21, 22, 25)] == [0, 1, 1, 2, 2, 2, 1, 2]


# --- Templates -----------------------------------------------------------------------------------

TEMPLATES = sorted(
    path for pattern in ("*.html", "*.txt") for path in PACKAGE.glob(f"**/templates/**/{pattern}")
)
NOT_VISIBLE = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"<[^>]*>", re.S),
    re.compile(r"&#?\w+;"),
]
LOADS_I18N = re.compile(r"\{%\s*load\s+[^%]*\bi18n\b[^%]*%\}")
TRANSLATION_TAG = re.compile(r"\{%\s*(translate|trans|blocktranslate|blocktrans)\b")


def visible_text(source: str) -> str:
    for pattern in NOT_VISIBLE:
        source = pattern.sub(" ", source)
    return " ".join(source.split())


def test_templates_are_found():
    names = {path.name for path in TEMPLATES}
    assert {"base.html", "home.html"} <= names


def test_visible_text_detection():
    assert visible_text('{% extends "base.html" %}{# note #}<p class="x">{{ user }}</p>') == ""
    assert visible_text("<h1>{% translate 'Hi' %}</h1><p>Hello</p>&nbsp;") == "Hello"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_template_with_text_loads_i18n(path):
    source = path.read_text(encoding="utf-8")
    if TRANSLATION_TAG.search(source) or re.search(r"[^\W\d_]", visible_text(source)):
        assert LOADS_I18N.search(source), (
            f"{path.relative_to(PACKAGE)} shows text but does not {{% load i18n %}}"
        )


# --- Catalogues up to date -----------------------------------------------------------------------


def msgids(po: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po if not entry.obsolete}


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgfmt")),
    reason="GNU gettext is not installed",
)
def test_catalogues_are_up_to_date(tmp_path):
    """Running scripts/update-translations would neither add nor drop an entry."""
    shutil.copytree(
        PACKAGE, tmp_path / "agora", ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static")
    )
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "PYTHONPATH": str(tmp_path),
        "AGORA_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "agora.settings",
    }
    # Guard: the copy, not this checkout, must be the `agora` that makemessages imports.
    where = subprocess.run(
        [sys.executable, "-c", "import agora.settings as s; print(s.LOCALE_PATHS[0])"],
        cwd=tmp_path / "agora",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where) == tmp_path / "agora" / "locale", where

    result = subprocess.run(
        [str(tmp_path / "scripts" / "update-translations")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    for lang in LANGUAGES:
        fresh = polib.pofile(
            str(tmp_path / "agora" / "locale" / lang / "LC_MESSAGES" / "django.po")
        )
        committed = msgids(catalogue(lang))
        added = sorted(str(key) for key in msgids(fresh) - committed)
        dropped = sorted(str(key) for key in committed - msgids(fresh))
        assert not added and not dropped, (
            f"{lang}/django.po is out of date; run scripts/update-translations and translate.\n"
            f"new in the code: {added}\nno longer in the code: {dropped}"
        )
