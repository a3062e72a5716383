"""Load a content pack from disk, or explain precisely why it cannot be loaded.

A pack is a folder::

    settings.yaml            clinic-wide settings (see kiosk.model.Settings)
    images/                  illustrations shared by every language
    <lang>/ui.yaml           every button and prompt in that language
    <lang>/screens/<id>.yaml one screen each; the file name is the screen's id

:func:`load_pack` reads every file, collects *all* problems as
:class:`~kiosk.errors.ContentError` (file, line, message) and raises them together, so an
editor fixes a broken pack in one round instead of one error at a time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk import standards
from kiosk.errors import ContentError, ContentErrors
from kiosk.key_homes import homes_of
from kiosk.model import (
    LANGUAGE_CODE,
    SCREEN_ID,
    SCREEN_TYPES,
    ExplainerScreen,
    QuestionnaireScreen,
    ResearchScreen,
    Screen,
    Settings,
    SupportContent,
    UiStrings,
    pack_context,
)
from kiosk.portable import case_collisions, portable_path_problem
from kiosk.safeyaml import YamlDocument, YamlProblem, read_yaml

SETTINGS_FILE = "settings.yaml"
UI_FILE = "ui.yaml"
SUPPORT_FILE = "support.yaml"
SCREENS_DIR = "screens"
MAX_SCREENS_PER_LANGUAGE = 400

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class LanguagePack:
    """Everything a patient can read in one language."""

    code: str
    ui: UiStrings
    # None in a pack with no safety item and no talk button: nothing would show it.
    support: SupportContent | None
    screens: dict[str, Screen]


@dataclass(frozen=True)
class ContentPack:
    """A validated content pack, ready for the screens."""

    root: Path
    settings: Settings
    languages: dict[str, LanguagePack]
    # Things an editor should know that do not stop the pack from running (an optional
    # text left out, a wording check that could not be made), as FILE:LINE: message.
    notes: tuple[ContentError, ...] = ()
    # The pack's own files, relative to ``root``: every YAML file read, every image used.
    files: tuple[str, ...] = ()
    # The content folder's files as they were just before they were read (a digest, see
    # kiosk.first_frame.content_key): what the first frame remembered from this pack is
    # then recalled only for exactly these files, even if they changed while being read.
    source_key: str | None = None

    def image_files(self) -> list[Path]:
        """Every image the pack uses (each once)."""
        return [self.root / name for name in self.files if not name.endswith((".yaml", ".yml"))]

    def language(self, code: str | None = None) -> LanguagePack:
        """Return the pack for ``code``, or the default language when it has none."""
        if code in self.languages:
            return self.languages[code]
        return self.languages[self.settings.default_language]

    def clinic_name(self, code: str | None = None) -> str:
        """The clinic's name in ``code``'s own words, else the one of settings.yaml."""
        return self.language(code).ui.clinic_name or self.settings.clinic_name

    def image_path(self, relative: str) -> Path:
        """Return the absolute path of an image named in the content."""
        return self.root / relative

    def home_screens(self, code: str | None = None) -> list[tuple[str, Screen]]:
        """Return the home-menu screens, in menu order."""
        screens = self.language(code).screens
        return [(sid, screens[sid]) for sid in self.settings.home_menu]

    def attract_screens(self, code: str | None = None) -> list[tuple[str, ExplainerScreen]]:
        """Return the screens of the attract loop, in order."""
        screens = self.language(code).screens
        slides = [(sid, screens[sid]) for sid in self.settings.attract.screens]
        return [(sid, s) for sid, s in slides if isinstance(s, ExplainerScreen)]


def load_pack(pack_dir: Path) -> ContentPack:
    """Read and validate the pack in ``pack_dir``.

    Raises:
        ContentErrors: every problem found, each with file and line where known.
    """
    reader = _PackReader(Path(pack_dir))
    pack = reader.read()
    if pack is None:  # read() gives no pack only after noting why, in reader.errors
        raise ContentErrors(reader.errors)
    return pack


def validate_pack(pack_dir: Path) -> list[ContentError]:
    """Return every problem of the pack in ``pack_dir`` (an empty list when it is valid)."""
    try:
        load_pack(pack_dir)
    except ContentErrors as exc:
        return exc.errors
    return []


class _PackReader:
    """Reads one pack, remembering every problem instead of stopping at the first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []
        self.notes: list[ContentError] = []
        self.images: set[str] = set()
        self.files_read: list[Path] = []

    def read(self) -> ContentPack | None:
        if not self.root.is_dir():
            self.errors.append(ContentError(self.root, None, "this folder does not exist"))
            return None
        settings = self._model(self.root / SETTINGS_FILE, Settings)
        # Even with broken settings, check the language folders, so that one run of
        # "kiosk validate" lists every problem of the pack.
        codes = settings.languages if settings else self._language_folders()
        languages = {code: self._language(code) for code in codes}
        if settings is not None:
            self._check_unlisted_language_folders(settings)
            self._note_old_staff_alerts(settings)
            for language in languages.values():
                if language is not None:
                    self._check_references(settings, language)
            reference = languages.get(settings.default_language)
            for language in languages.values():
                if reference is not None and language is not None and language is not reference:
                    self._check_parity(reference, language)
        for language in languages.values():
            if language is not None:
                self._note_missing_safety_texts(language)
        own = [path.relative_to(self.root).as_posix() for path in self.files_read]
        self._check_case_collisions([*own, *self.images])
        if self.errors or settings is None:
            return None
        return ContentPack(
            self.root,
            settings,
            {code: lang for code, lang in languages.items() if lang is not None},
            tuple(self.notes),
            tuple(sorted({*own, *self.images})),
        )

    def _note_old_staff_alerts(self, settings: Settings) -> None:
        if "staff_alerts" not in settings.model_fields_set:
            return
        path = self.root / SETTINGS_FILE
        lines = _settings_lines(path)
        self.notes.append(
            ContentError(
                path,
                lines.key_line(("staff_alerts",)) if lines else None,
                "staff alerts now live in each kiosk's own kiosk.yaml (see docs/alerts.md); "
                "this empty staff_alerts block does nothing and can go",
            )
        )

    def _note_missing_safety_texts(self, language: LanguagePack) -> None:
        """Optional texts of the safety path that this language leaves to a fallback."""
        instruments = [s for s in language.screens.values() if isinstance(s, QuestionnaireScreen)]
        folder = self.root / language.code
        support = language.support
        if support is not None and any(s.has_safety_item for s in instruments):
            if support.result_note is None:
                self.notes.append(
                    ContentError(
                        folder / SUPPORT_FILE,
                        None,
                        "no 'result_note': after a safety answer the result screen repeats "
                        "this screen's text instead; add a result_note (see docs/content.md)",
                    )
                )
            missing = [
                (key, without)
                for key, without in (
                    ("talk_label", "no 'Talk to someone now' button"),
                    ("sending", "nothing is said while staff are being told"),
                    ("staff_told", "the patient is never told that staff know"),
                    ("go_to_front_desk", "the first paragraph is repeated instead"),
                )
                if getattr(support, key) is None
            ]
            if missing:
                keys = ", ".join(f"'{key}'" for key, _ in missing)
                effects = "; ".join(without for _, without in missing)
                self.notes.append(
                    ContentError(
                        folder / SUPPORT_FILE,
                        None,
                        f"no {keys} for the staff alert ({effects}); see docs/alerts.md",
                    )
                )
            if support.continue_check_label is None:
                self.notes.append(
                    ContentError(
                        folder / SUPPORT_FILE,
                        None,
                        "no 'continue_check_label': when questions remain after a safety "
                        f"answer, the button says '{language.ui.next}'",
                    )
                )
        if language.ui.follow_up_progress is None and any(s.follow_up for s in instruments):
            self.notes.append(
                ContentError(
                    folder / UI_FILE,
                    None,
                    "no 'follow_up_progress' (e.g. 'One last question'): the follow-up "
                    "question shows no progress line",
                )
            )

    def _language(self, code: str) -> LanguagePack | None:
        folder = self.root / code
        if not folder.is_dir():
            self._error(
                self.root / SETTINGS_FILE,
                None,
                f"languages lists '{code}' but there is no folder {folder}",
            )
            return None
        ui = self._model(folder / UI_FILE, UiStrings)
        screens = self._screens(folder / SCREENS_DIR)
        if screens is None:
            if (folder / SUPPORT_FILE).exists():
                self._model(folder / SUPPORT_FILE, SupportContent)  # its problems too, at once
            return None
        support: SupportContent | None = None
        needed_by = _needing_support(screens)
        if (folder / SUPPORT_FILE).exists() or needed_by:
            support = self._model(folder / SUPPORT_FILE, SupportContent, needed_by)
            if support is None:
                return None
        if ui is None:
            return None
        return LanguagePack(code, ui, support, screens)

    def _screens(self, folder: Path) -> dict[str, Screen] | None:
        if not folder.is_dir():
            self._error(folder, None, "this folder of screens does not exist")
            return None
        # Hidden files (macOS "._name", editors' ".#name") are not the clinic's screens.
        files = sorted(
            p
            for p in folder.iterdir()
            if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
        )
        if len(files) > MAX_SCREENS_PER_LANGUAGE:
            self._error(folder, None, f"more than {MAX_SCREENS_PER_LANGUAGE} screen files")
            return None
        screens: dict[str, Screen] = {}
        for path in files:
            if not SCREEN_ID.match(path.stem):
                self._error(
                    path,
                    None,
                    "a screen file name may only use lower-case letters, digits and '-' "
                    "(it is the screen's id); rename it, or move backup copies out of "
                    "this folder",
                )
                continue
            screen = self._screen(path)
            if screen is not None:
                screens[path.stem] = screen
        return screens

    def _screen(self, path: Path) -> Screen | None:
        document = self._document(path)
        if document is None:
            return None
        data = document.data
        if data is None:
            self._error(path, None, "this file is empty")
            return None
        kind = data.get("type") if isinstance(data, dict) else None
        model = SCREEN_TYPES.get(kind) if isinstance(kind, str) else None
        if model is None:
            choices = " or ".join(f"'{name}'" for name in SCREEN_TYPES)
            line = document.line_of(("type",)) if isinstance(data, dict) else document.line_of(())
            self._error(path, line, f"'type' must be {choices}")
            return None
        screen = self._validate(path, document, model)
        if isinstance(screen, QuestionnaireScreen) and screen.standard is not None:
            self._check_standard(path, document, screen)
        return screen

    def _check_standard(
        self, path: Path, document: YamlDocument, screen: QuestionnaireScreen
    ) -> None:
        """A screen that says it is a validated instrument must be it, word for word."""
        assert screen.standard is not None
        language = path.parent.parent.name
        for location, message in standards.differences(screen, language):
            self._error(path, document.line_of(location), f"'{_dotted(location)}': {message}")
        if standards.official_text(screen.standard, language) is None:
            kept = ", ".join(standards.languages_with_text(screen.standard))
            self.notes.append(
                ContentError(
                    path,
                    document.line_of(("standard",)),
                    f"the kiosk keeps the official {standards.STANDARDS[screen.standard].name} "
                    f"wording in {kept} only: scores, bands and the safety rule were checked, "
                    "the wording was not; have it checked against the official translation",
                )
            )

    def _model(self, path: Path, model: type[ModelT], needed_by: str = "") -> ModelT | None:
        document = self._document(path, needed_by)
        if document is None:
            return None
        return self._validate(path, document, model)

    def _document(self, path: Path, needed_by: str = "") -> YamlDocument | None:
        try:
            leaves = not path.resolve().is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):
            leaves = True
        if path.is_symlink() or leaves:
            # A link could read a file anywhere on the machine into what patients see.
            self._error(path, None, "this file is a link; put the file itself here")
            return None
        if not path.is_file():
            self._error(path, None, f"this file is missing{needed_by}")
            return None
        # This kiosk can read it, but the pack also runs on the other kind of kiosk. The file
        # is still read, so that its other problems are listed in the same round.
        if unportable := portable_path_problem(path.relative_to(self.root).as_posix()):
            self._error(path, None, unportable)
        try:
            document = read_yaml(path)
        except YamlProblem as problem:
            self._error(path, problem.line, problem.message)
            return None
        self.files_read.append(path)
        return document

    def _validate(self, path: Path, document: YamlDocument, model: type[ModelT]) -> ModelT | None:
        if not isinstance(document.data, dict):
            self._error(
                path, document.line_of(()), "the file must be a block of 'key: value' lines"
            )
            return None
        try:
            return model.model_validate(document.data, context=pack_context(self.root, self.images))
        except ValidationError as exc:
            self.errors += validation_errors(path, document, exc)
            return None

    def _check_case_collisions(self, relatives: list[str]) -> None:
        for paths in case_collisions(relatives):
            named = " and ".join(f"'{path}'" for path in paths)
            self._error(
                self.root,
                None,
                f"{named} differ only in capital letters: Windows sees one file, so one "
                "would replace the other; rename one of them",
            )

    def _language_folders(self) -> list[str]:
        return sorted(child.name for child in self.root.iterdir() if (child / UI_FILE).is_file())

    def _check_unlisted_language_folders(self, settings: Settings) -> None:
        for child in self._language_folders():
            if child not in settings.languages:
                self._error(
                    self.root / SETTINGS_FILE,
                    None,
                    f"the folder '{child}' holds a language that 'languages' does not list",
                )

    def _check_references(self, settings: Settings, language: LanguagePack) -> None:
        settings_file = self.root / SETTINGS_FILE
        lines = _settings_lines(settings_file)
        for field, ids in (
            ("home_menu", settings.home_menu),
            ("attract", settings.attract.screens),
        ):
            for index, sid in enumerate(ids):
                location = (field, index) if field == "home_menu" else ("attract", "screens", index)
                line = lines.line_of(location) if lines else None
                if sid in ids[:index]:
                    self._error(settings_file, line, f"{field} lists '{sid}' twice")
                    continue
                screen = language.screens.get(sid)
                if screen is None and self._screen_file(language.code, sid).is_file():
                    continue  # the file exists but is broken: its own errors say why
                if screen is None:
                    hint = _did_you_mean(sid, language.screens)
                    self._error(
                        settings_file,
                        line,
                        f"{field} names the screen '{sid}', but {language.code}/screens/"
                        f"{sid}.yaml does not exist{hint}",
                    )
                elif field == "attract" and not isinstance(screen, ExplainerScreen):
                    self._error(
                        settings_file,
                        line,
                        f"the attract loop can only show explainer screens, "
                        f"and '{sid}' is a {screen.type} screen",
                    )

    def _check_parity(self, reference: LanguagePack, other: LanguagePack) -> None:
        """Every screen, question and answer must exist in every language."""
        ref, code = reference.code, other.code
        for sid in sorted(set(reference.screens) - set(other.screens)):
            if not self._screen_file(code, sid).is_file():
                self._error(
                    self.root / code / SCREENS_DIR,
                    None,
                    f"the screen '{sid}' exists in {ref} but not in {code}: "
                    f"translate {ref}/screens/{sid}.yaml as {code}/screens/{sid}.yaml",
                )
        for sid in sorted(set(other.screens) - set(reference.screens)):
            if self._screen_file(ref, sid).is_file():
                continue  # it exists but is broken: its own errors say why
            self._error(
                self._screen_file(code, sid),
                None,
                f"the screen '{sid}' exists in {code} but not in {ref}",
            )
        for sid, screen in reference.screens.items():
            translated = other.screens.get(sid)
            if translated is not None:
                for problem in _structure_differences(screen, translated):
                    self._error(
                        self._screen_file(code, sid),
                        None,
                        f"{problem} (compared with {ref}/screens/{sid}.yaml)",
                    )

    def _screen_file(self, code: str, sid: str) -> Path:
        folder = self.root / code / SCREENS_DIR
        yml = folder / f"{sid}.yml"
        return yml if yml.is_file() else folder / f"{sid}.yaml"

    def _error(self, path: Path, line: int | None, message: str) -> None:
        self.errors.append(ContentError(path, line, message))


def _structure_differences(reference: Screen, translated: Screen) -> list[str]:
    """What a translation of ``reference`` lacks: type, pages, items, options, bands."""
    if type(reference) is not type(translated):
        return [f"'type' must be '{reference.type}' as in the other language"]
    if isinstance(reference, ExplainerScreen):
        assert isinstance(translated, ExplainerScreen)
        if len(reference.pages) != len(translated.pages):
            return [f"'pages' has {len(translated.pages)} pages instead of {len(reference.pages)}"]
    elif isinstance(reference, QuestionnaireScreen):
        assert isinstance(translated, QuestionnaireScreen)
        return _instrument_differences(reference, translated)
    elif isinstance(reference, ResearchScreen):
        assert isinstance(translated, ResearchScreen)
        if len(reference.articles) != len(translated.articles):
            return [
                f"'articles' lists {len(translated.articles)} articles instead of "
                f"{len(reference.articles)}"
            ]
    return []


def _instrument_differences(
    reference: QuestionnaireScreen, translated: QuestionnaireScreen
) -> list[str]:
    """A translated instrument must score exactly like the original."""
    ref_ids = [item.id for item in reference.items]
    new_ids = [item.id for item in translated.items]
    missing = [i for i in ref_ids if i not in new_ids]
    extra = [i for i in new_ids if i not in ref_ids]
    problems = [f"'items' lacks the item '{i}'" for i in missing]
    problems += [f"'items' has the item '{i}' that the other language lacks" for i in extra]
    same_flags = [i.safety for i in reference.items] == [i.safety for i in translated.items]
    if not missing and not extra and (new_ids != ref_ids or not same_flags):
        problems.append("'items' must be in the same order, with the same safety flags")
    ref_scores = [o.score for o in reference.options]
    if [o.score for o in translated.options] != ref_scores:
        problems.append(f"'options' must have the scores {ref_scores}, in this order")
    ref_bands = [(b.min, b.max) for b in reference.bands]
    if [(b.min, b.max) for b in translated.bands] != ref_bands:
        problems.append(f"'bands' must have the ranges {ref_bands}")
    if reference.safety_min_score != translated.safety_min_score:
        problems.append("'safety_min_score' must be the same in every language")
    if reference.standard != translated.standard:
        # Dropping it in one language would skip that language's word-for-word check.
        problems.append(
            f"'standard' must be the same in every language: "
            f"{reference.standard or 'none'} in one, {translated.standard or 'none'} here"
        )
    ref_follow, new_follow = reference.follow_up, translated.follow_up
    if (ref_follow is None) != (new_follow is None):
        problems.append("'follow_up' must be present in every language or in none")
    elif ref_follow is not None and new_follow is not None:
        if len(ref_follow.options) != len(new_follow.options):
            problems.append(f"'follow_up.options' needs {len(ref_follow.options)} answers")
        if ref_follow.ask_when != new_follow.ask_when:
            problems.append(
                f"'follow_up.ask_when' must be the same in every language: "
                f"'{ref_follow.ask_when}' in one, '{new_follow.ask_when}' here"
            )
    return problems


def _settings_lines(path: Path) -> YamlDocument | None:
    try:
        return read_yaml(path)
    except YamlProblem:
        return None


# --- turning pydantic's errors into sentences for a content editor -------------------

_TYPE_WORDS = {
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "float_type": "should be a number",
    "bool_type": "should be true or false",
    "list_type": "should be a list (lines starting with '- ')",
    "dict_type": "should be a block of 'key: value' lines",
    "model_type": "should be a block of 'key: value' lines",
    "model_attributes_type": "should be a block of 'key: value' lines",
}

_PATTERN_WORDS = {
    "link": "must be a web address starting with https://",
    "urls": "must be an alert address like json://host/path or mailtos://user:pass@host "
    "(see docs/alerts.md)",
    "escalation_urls": "must be an alert address like json://host/path or "
    "mailtos://user:pass@host (see docs/alerts.md)",
    "languages": "must be a two-letter language code, like en or es",
    "default_language": "must be a two-letter language code, like en or es",
}
_SCREEN_ID_WORDS = (
    "must be a screen id (its file name without .yaml): lower-case letters, digits and '-', "
    "like 'brain-garden'"
)


def validation_errors(
    path: Path, document: YamlDocument, exc: ValidationError
) -> list[ContentError]:
    """pydantic's errors for the file ``path``, as sentences at their lines."""
    return [_describe(path, document, error) for error in exc.errors()]


def _describe(path: Path, document: YamlDocument, error: Any) -> ContentError:
    location = tuple(part for part in error["loc"] if part not in ("function-after",))
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(location[-1])
        return ContentError(
            path, document.key_line(location), f"unknown key '{key}'{_where_instead(key)}"
        )
    if kind == "missing":
        name = _dotted(location)
        return ContentError(path, document.line_of(location[:-1]), f"'{name}' is missing")
    return ContentError(path, document.line_of(location), _sentence(location, error))


def _sentence(location: tuple[Any, ...], error: Any) -> str:
    """One plain sentence for one pydantic error, in an editor's words."""
    name = _dotted(location) or "the file"
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "string_type":
        field = next((p for p in reversed(location) if isinstance(p, str)), "")
        return f"'{name}' should be text, {_why_not_text(value, field)}"
    if kind in ("int_type", "float_type") and _looks_numeric(value):
        return f"'{name}' {_TYPE_WORDS[kind]}: write it without quotes"
    if kind in _TYPE_WORDS:
        return f"'{name}' {_TYPE_WORDS[kind]}, not {_shown(value)}"
    if kind in ("string_too_long", "too_long") and isinstance(value, str):
        return (
            f"'{name}' is {len(value)} characters long; at most {ctx.get('max_length')} "
            "fit on the screen"
        )
    if kind == "too_long":
        return f"'{name}' has {len(value)} entries; at most {ctx.get('max_length')} are allowed"
    if kind == "too_short":
        least = ctx.get("min_length")
        return f"'{name}' needs at least {least} {'entry' if least == 1 else 'entries'}"
    if kind == "string_pattern_mismatch":
        field = next((p for p in reversed(location) if isinstance(p, str)), "")
        words = _PATTERN_WORDS.get(field, _SCREEN_ID_WORDS)
        hint = _id_hint(value) if words is _SCREEN_ID_WORDS else ""
        return f"'{name}' {words}, not {_shown(value)}{hint}"
    message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Input ")
    if message.startswith("should"):
        return f"'{name}' {message}"
    return f"'{name}': {message}" if location else message


def _needing_support(screens: dict[str, Screen]) -> str:
    """Why this language needs a support screen, as the end of a sentence, or "" if it
    does not: a self-check with a safety item shows it after a safety answer, and a topic
    page's "Talk to someone now" button takes its words from it."""
    for sid, screen in screens.items():
        if isinstance(screen, QuestionnaireScreen) and screen.has_safety_item:
            return (
                f": the self-check '{sid}' has a safety item, and a safety answer shows "
                "the support screen written here"
            )
    for sid, screen in screens.items():
        if isinstance(screen, ExplainerScreen) and any(p.talk_button for p in screen.pages):
            return (
                f": a page of '{sid}' has talk_button, whose words ('talk_label') are written here"
            )
    return ""


def _looks_numeric(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lstrip("-").replace(".", "", 1).isdigit()


# Where a text that an editor tried to translate in place is translated instead.
_PER_LANGUAGE_HOME = {
    "clinic_name": (
        ": this is the name for every language; to write it in a language's own words, "
        "add clinic_name to that language's ui.yaml"
    ),
}


def _why_not_text(value: Any, field: str) -> str:
    if isinstance(value, dict) and value and all(_is_language_code(k) for k in value):
        return "not a text per language" + _PER_LANGUAGE_HOME.get(
            field, ": each language's texts go in that language's own folder"
        )
    if isinstance(value, dict) and len(value) == 1:
        return (
            "but YAML read it as 'key: value' because of a colon; "
            "put the whole text in double quotes"
        )
    if isinstance(value, dict):
        return "not a block of keys; write the text on the same line, after the colon"
    if isinstance(value, bool):
        return (
            "but YAML reads words like Yes, No, On and Off as true or false; "
            'put the text in double quotes, like "No"'
        )
    if value is None:
        return "but it is empty; write the text or remove the line"
    if isinstance(value, int | float):
        return f'but YAML read it as the number {value}; put it in double quotes, like "{value}"'
    if isinstance(value, date):
        return f'but YAML read it as a date; put it in double quotes, like "{value}"'
    return f"not {_shown(value)}"


def _is_language_code(key: Any) -> bool:
    return isinstance(key, str) and re.fullmatch(LANGUAGE_CODE, key) is not None


def _id_hint(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    guess = value.strip().lower().removesuffix(".yaml").replace(" ", "-").replace("_", "-")
    return f" (did you mean '{guess}'?)" if guess != value and SCREEN_ID.match(guess) else ""


def _dotted(location: tuple[Any, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value) if len(repr(value)) < 40 else repr(value)[:37] + "...'"


def _where_instead(key: str) -> str:
    """Where a key that is valid elsewhere belongs, else the known key it may be a typo of."""
    homes = homes_of(key)
    if not homes:
        return _did_you_mean(key, _KNOWN_KEYS - {key})
    more = " and other places" if len(homes) > 2 else ""
    return f" here: it belongs in {' or '.join(homes[:2])}{more}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _known_keys() -> set[str]:
    from kiosk import model

    keys: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            keys.update(value.model_fields)
    return keys


_KNOWN_KEYS = _known_keys()
