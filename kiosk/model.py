"""The content model: what a content pack may contain, as pydantic models.

Every model forbids unknown keys (a typo must not be silently ignored) and is strict about
types (``"12"`` is not a number of seconds). Checks that need the pack's folder, such as
"does this image exist", read it from the validation context (see :func:`pack_context`).
Nothing here imports Qt.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kiosk.images import image_problem
from kiosk.portable import MAX_PATH_CHARS, WHY_PATHS_ARE_SHORT, portable_path_problem

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
_HTML_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_MARKDOWN = re.compile(r"\*\*|__|^#{1,6}\s|\[[^\]]+\]\([^)]+\)")
SCREEN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE_CODE = r"^[a-z]{2}$"


def pack_context(pack_dir: Path, images: set[str] | None = None) -> dict[str, Any]:
    """Return the validation context that lets models check files inside the pack; every
    image a model names is added to ``images`` (the pack's own files, for its snapshot)."""
    return {"pack_dir": pack_dir, "images": images if images is not None else set()}


def _plain_text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    if _HTML_TAG.search(text):
        raise ValueError("must be plain text; remove the HTML tag")
    if entity := _HTML_ENTITY.search(text):
        raise ValueError(f"must be plain text; write the character itself, not {entity.group()}")
    if _MARKDOWN.search(text):
        raise ValueError("must be plain text; remove the Markdown (**, __, # or [link](...))")
    if "\t" in text:
        raise ValueError("contains a tab character; use a space")
    return text


def _image_exists(value: str, info: ValidationInfo) -> str:
    if len(value) > MAX_PATH_CHARS:  # said first, and without repeating the long path
        raise ValueError(
            f"an image path may be at most {MAX_PATH_CHARS} characters long: {WHY_PATHS_ARE_SHORT}"
        )
    # Judged by its text, before the disk of this kiosk is asked: the answer must be the
    # same on the Windows and the Linux kiosks that will show the same pack.
    if problem := portable_path_problem(value):
        raise ValueError(f"'{value}': {problem}")
    path = Path(value)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"'{value}' must be an .svg, .png or .jpg file")
    pack_dir = (info.context or {}).get("pack_dir")
    if pack_dir is None:
        return value
    full = pack_dir / path
    try:
        exists = full.is_file()
        inside = full.resolve().is_relative_to(pack_dir.resolve())
    except (OSError, RuntimeError):  # a name the file system cannot even look up, a loop
        exists = inside = False
    if exists and not _same_case_on_disk(full):
        exists = False  # Windows and macOS would find it; the Linux kiosks would not
    if not exists:
        raise ValueError(f"there is no image file {full}{_case_hint(pack_dir, path)}")
    if not inside:
        raise ValueError(f"'{value}' is a link to a file outside the content folder")
    if full.is_symlink():
        raise ValueError(f"'{value}' is a link; put the image itself in the content folder")
    if problem := image_problem(full):
        raise ValueError(f"'{value}': {problem}")
    (info.context or {}).get("images", set()).add(value)
    return value


def _same_case_on_disk(path: Path) -> bool:
    try:
        return path.name in {entry.name for entry in path.parent.iterdir()}
    except OSError:
        return False


def _case_hint(pack_dir: Path, path: Path) -> str:
    """Name a file that differs only in upper/lower case (Windows would not care; Linux does)."""
    try:
        siblings = list((pack_dir / path.parent).iterdir())
    except OSError:
        return ""
    for sibling in siblings:
        if sibling.name.lower() == path.name.lower():
            return f" (there is {sibling.name}: the case of the letters must match)"
    return ""


def _whole_number_as_float(value: Any) -> Any:
    # Strict mode would refuse "seconds_per_slide: 10" for a float; whole numbers are fine.
    return float(value) if type(value) is int else value


Seconds = Annotated[float, BeforeValidator(_whole_number_as_float)]
PlainText = Annotated[str, AfterValidator(_plain_text)]
ShortText = Annotated[PlainText, Field(max_length=120)]
LongText = Annotated[PlainText, Field(max_length=300)]  # a question, a notice
ImagePath = Annotated[str, AfterValidator(_image_exists)]
ScreenId = Annotated[str, Field(pattern=SCREEN_ID.pattern)]
LanguageCode = Annotated[str, Field(pattern=LANGUAGE_CODE)]


class ContentModel(BaseModel):
    """Base for every content model: strict types, no unknown keys, read-only."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# --- settings.yaml -------------------------------------------------------------------


class AttractLoop(ContentModel):
    """The screens shown while nobody touches the kiosk."""

    screens: list[ScreenId] = Field(min_length=1)
    seconds_per_slide: Seconds = Field(default=10.0, ge=3, le=120)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME_RANGE = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")


def minutes_of_range(text: str) -> tuple[int, int]:
    """ "08:00-12:00" as minutes after midnight (start, end); an end at or before the
    start runs past midnight into the next day ("22:00-02:00").

    Raises:
        ValueError: not a range of two times of a 24-hour clock.
    """
    match = _TIME_RANGE.match(text.strip())
    example = 'write it like "08:00-12:00" (24-hour clock, from-to)'
    if match is None:
        raise ValueError(f"'{text}' is not a range of times; {example}")
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    if start_h > 23 or start_m > 59 or end_m > 59 or end_h > 24 or (end_h == 24 and end_m):
        raise ValueError(f"'{text}' has a time that does not exist; {example}")
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    if start == end:
        raise ValueError(f"'{text}' starts and ends at the same time")
    return start, end


class Schedule(ContentModel):
    """Opening hours: when the kiosk is on for patients; closed, it shows a dark screen.

    ``open`` maps a weekday (mon ... sun) to time ranges; a day left out is closed, and
    ``open: {}`` means always closed (no ``schedule`` at all: always open). A range past
    midnight ("22:00-02:00") belongs to the day it starts on. Local time.
    """

    open: dict[str, list[str]] = Field(default_factory=dict)
    closed_mode: Literal["night", "off"] = "night"
    wake_on_touch: bool = True

    @field_validator("closed_mode", mode="before")
    @classmethod
    def _off_as_written(cls, value: object) -> object:
        # YAML reads a bare `off` as false; the editor wrote the word "off".
        return "off" if value is False else value

    @field_validator("open")
    @classmethod
    def _days_and_ranges(cls, days: dict[str, list[str]]) -> dict[str, list[str]]:
        spans: list[tuple[int, int, str]] = []  # minutes of the week, from Monday 00:00
        for day, ranges in days.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown day '{day}': write mon, tue, wed, thu, fri, sat or sun")
            offset = WEEKDAYS.index(day) * 1440
            for text in ranges:
                start, end = minutes_of_range(text)
                if end <= start:
                    end += 1440
                spans.append((offset + start, offset + end, f"{day} {text}"))
        week = 7 * 1440
        # Sunday night past midnight runs into Monday: compare on a wrapped week too.
        spans += [(start - week, end - week, name) for start, end, name in spans if end > week]
        spans.sort()
        for (_, first_end, first), (second_start, _, second) in zip(spans, spans[1:], strict=False):
            if second_start < first_end and first != second:
                raise ValueError(f"{first} and {second} overlap: join them into one range")
        return days


class Speech(ContentModel):
    """Read aloud: how loud it starts each session (0.1 to 1) and how fast it speaks
    (-1 slowest, 0 the voice's own pace, 1 fastest; a little slower suits older adults)."""

    volume: float = Field(default=0.8, ge=0.1, le=1.0)
    rate: float = Field(default=-0.15, ge=-1.0, le=1.0)

    @field_validator("volume", "rate", mode="before")
    @classmethod
    def _whole_numbers_too(cls, value: Any) -> Any:
        return _whole_number_as_float(value)


class Timeouts(ContentModel):
    """How long the kiosk waits before it asks, and then ends the session.

    ``support_idle_seconds`` replaces ``idle_seconds`` once a patient has given a safety
    answer: on the support screen and for the rest of that check, someone may be on the
    phone to a crisis line or waiting for staff, and must not be timed out as quickly.
    """

    idle_seconds: int = Field(default=60, ge=10, le=3600)
    warning_seconds: int = Field(default=20, ge=5, le=300)
    support_idle_seconds: int = Field(default=180, ge=30, le=3600)

    @field_validator("support_idle_seconds")
    @classmethod
    def _support_grace_is_longer(cls, value: int, info: ValidationInfo) -> int:
        idle = info.data.get("idle_seconds")
        if idle is not None and value < idle:
            raise ValueError(
                f"is {value}, shorter than idle_seconds ({idle}); after a safety answer the "
                "kiosk must wait at least as long as usual"
            )
        return value


ALERTS_MOVED = (
    "staff alerts are no longer set in the content pack: every kiosk that syncs the pack "
    "would share its addresses, passwords and commands. Set them in this kiosk's own "
    "kiosk.yaml (staff_alerts.urls, see docs/alerts.md) and remove them here"
)


class StaffAlerts(ContentModel):
    """``staff_alerts`` in a pack written before alerts moved to each kiosk's kiosk.yaml.

    Still accepted when every value is empty (the loader then notes where alerts live
    now); an address or a command here is refused: a pack is shared by a whole fleet
    through git or Syncthing, and must not carry credentials or commands.
    """

    webhook_url: str | None = None
    command: list[str] | None = None
    retries: int | None = None
    timeout_seconds: Seconds | None = None

    @field_validator("webhook_url", "command")
    @classmethod
    def _not_here(cls, value: object) -> object:
        if value is not None:
            raise ValueError(ALERTS_MOVED)
        return value


class Settings(ContentModel):
    """``settings.yaml``: the clinic-wide settings of a content pack."""

    clinic_name: ShortText
    kiosk_name: ShortText
    languages: list[LanguageCode] = Field(min_length=1)
    default_language: LanguageCode
    home_menu: list[ScreenId] = Field(min_length=1, max_length=12)
    attract: AttractLoop
    timeouts: Timeouts = Timeouts()
    theme: Literal["garden", "high-contrast"] = "garden"
    touch_only: bool = True
    speech: Speech = Speech()
    schedule: Schedule | None = None
    staff_alerts: StaffAlerts = StaffAlerts()

    @field_validator("default_language")
    @classmethod
    def _default_language_is_listed(cls, value: str, info: ValidationInfo) -> str:
        languages = info.data.get("languages")
        if languages is not None and value not in languages:
            raise ValueError(f"default_language '{value}' is not in languages {languages}")
        return value


# --- <lang>/ui.yaml ------------------------------------------------------------------


class StaffStrings(ContentModel):
    """``staff:`` in ``<lang>/ui.yaml``: the PIN pad, the staff panel and the reset notice,
    in the words of the clinic's default language. Every text is optional: a pack without
    them (every pack written before) shows these English ones. What the panel reports
    from the machine (alert deliveries, the machine check) stays as the kiosk writes it."""

    pin_title: ShortText = "Staff PIN"
    pin_delete: ShortText = "Delete"  # the ⌫ key, as a screen reader says it
    pin_enter: ShortText = "Enter PIN"  # the OK key, as a screen reader says it
    cancel: ShortText = "Cancel"
    pin_wrong: ShortText = "That PIN is not right. {tries} tries left."
    pin_locked: ShortText = "Too many wrong PINs. The pad is locked for {seconds} seconds."
    pin_not_set: LongText = (
        "No staff PIN is set yet, so the staff panel stays closed. "
        "On this computer, open a terminal and run:  kiosk set-pin"
    )
    panel_title: ShortText = "Staff panel"
    close: ShortText = "Close"
    reset_session: ShortText = "Reset session"
    reload_content: ShortText = "Reload content"
    mark_seen: ShortText = "Mark alerts as seen"
    send_test_alert: ShortText = "Send test alert"
    check_machine: ShortText = "Check this machine"
    exit_kiosk: ShortText = "Exit kiosk"
    reset_done: ShortText = "The kiosk has been reset."
    machine_check: ShortText = "Machine check:"
    content_valid: ShortText = "Content: valid."
    content_problems: ShortText = "Content has problems (the last good content is still shown):"
    alerts_config_problems: LongText = (
        "kiosk.yaml has problems, so staff alerts are OFF and patients are sent to the front desk:"
    )
    alerts_not_set_up: LongText = (
        "Staff alerts are NOT SET UP: patients are sent to the front desk. Set them in "
        "this kiosk's kiosk.yaml (docs/alerts.md), then tap Send test alert."
    )
    alerts_go_to: ShortText = "Staff alerts go to: {destinations}."
    alerts_waiting: ShortText = "Alerts not yet marked as seen: {count}."
    alerts_all_seen: ShortText = "Every alert is seen."
    no_alerts: ShortText = "No alerts since the kiosk started."
    health_line: ShortText = "Status: {health}"
    usage_line: ShortText = "Last 7 days: {counts}"
    kiosk_line: ShortText = "Kiosk: {name} · version {version} · up {uptime}"
    folder_line: ShortText = "Content folder: {folder}"

    PLACEHOLDERS: ClassVar[dict[str, tuple[str, ...]]] = {
        "pin_wrong": ("tries",),
        "pin_locked": ("seconds",),
        "alerts_go_to": ("destinations",),
        "alerts_waiting": ("count",),
        "health_line": ("health",),
        "usage_line": ("counts",),
        "kiosk_line": ("name", "version", "uptime"),
        "folder_line": ("folder",),
    }

    @field_validator(*PLACEHOLDERS)
    @classmethod
    def _has_its_placeholders(cls, value: str, info: ValidationInfo) -> str | None:
        return _with_placeholders(value, cls.PLACEHOLDERS[str(info.field_name)])


class UiStrings(ContentModel):
    """``<lang>/ui.yaml``: every button and prompt a patient can read, per language."""

    language_name: ShortText
    # The clinic's name as this language writes it ("Centre KetaMD"); optional, the
    # name in settings.yaml otherwise.
    clinic_name: ShortText | None = None
    touch_to_start: ShortText
    home_title: ShortText
    home_subtitle: ShortText
    next: ShortText
    back: ShortText
    home: ShortText
    next_topic: ShortText
    page_of: ShortText
    research_scan_hint: ShortText
    start_check: ShortText
    question_of: ShortText
    leave_check: ShortText
    result_heading: ShortText
    score_of: ShortText
    done: ShortText
    still_there_title: ShortText
    still_there_body: Annotated[PlainText, Field(max_length=200)]
    still_there_button: ShortText
    # Optional so that packs written before it stay valid; without it the unscored
    # follow-up question shows no progress line (never a wrong "Question 10 of 10").
    follow_up_progress: ShortText | None = None
    # When the kiosk keeps failing and rests until it restarts. Default (English):
    # "This screen is resting — please ask at the front desk."
    resting: ShortText | None = None
    # Said by screen readers of the answer given before (after Back); default "✓".
    chosen_answer: ShortText | None = None
    larger_text: ShortText
    high_contrast: ShortText
    read_aloud: ShortText
    stop_reading: ShortText
    # Audio mode (optional; English by default): the buttons beside "Stop reading", and
    # how each answer of a question is said ({number} and {text} are filled in).
    pause_reading: ShortText | None = None
    replay_reading: ShortText | None = None
    quieter: ShortText | None = None
    louder: ShortText | None = None
    speech_answer: ShortText | None = None
    # The staff's screens (optional; English by default).
    staff: StaffStrings = StaffStrings()

    # Strings the kiosk fills in, and the placeholders each must contain.
    PLACEHOLDERS: ClassVar[dict[str, tuple[str, ...]]] = {
        "page_of": ("current", "total"),
        "question_of": ("current", "total"),
        "score_of": ("score", "max"),
        "still_there_body": ("seconds",),
        "speech_answer": ("number", "text"),
    }

    @field_validator("page_of", "question_of", "score_of", "still_there_body", "speech_answer")
    @classmethod
    def _has_its_placeholders(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _with_placeholders(value, cls.PLACEHOLDERS[str(info.field_name)])


def _with_placeholders(value: str | None, names: tuple[str, ...]) -> str | None:
    """``value`` if it holds each of ``names`` in curly brackets, and nothing else there."""
    if value is None:
        return value  # an optional text left out
    for name in names:
        if "{" + name + "}" not in value:
            raise ValueError(f"must contain {{{name}}}, e.g. {_example(names)}")
    shown = " and ".join("{" + n + "}" for n in names)
    try:
        fields = [f for f in Formatter().parse(value) if f[1] is not None]
    except ValueError:
        raise ValueError(f"has a stray curly bracket; use only {shown}") from None
    for _, field, spec, conversion in fields:
        if field not in names or spec or conversion:
            raise ValueError(f"may only use {shown} in curly brackets, not {{{field}}}")
    return value


def _example(names: tuple[str, ...]) -> str:
    return {
        "current": "'Page {current} of {total}'",
        "score": "'{score} out of {max}'",
        "seconds": "'Starting over in {seconds} seconds'",
        "number": "'Answer {number}: {text}'",
        "tries": "'That PIN is not right. {tries} tries left.'",
        "health": "'Status: {health}'",
        "counts": "'Last 7 days: {counts}'",
        "name": "'Kiosk: {name} · version {version} · up {uptime}'",
        "folder": "'Content folder: {folder}'",
        "destinations": "'Staff alerts go to: {destinations}.'",
        "count": "'Alerts not yet marked as seen: {count}.'",
    }[names[0]]


class SafetyNote(ContentModel):
    """What the result screen says first after a safety answer, above the band.

    A result after a safety answer must never reassure on its own ("few or no signs of
    depression"): the note repeats the crisis contacts and that a check is not a
    diagnosis, and ``next_step`` replaces the instrument's own next step.
    """

    title: ShortText
    paragraphs: list[PlainText] = Field(min_length=1, max_length=6)
    next_step: PlainText


class SupportContent(ContentModel):
    """``<lang>/support.yaml``: the calm support screen shown after a safety answer.

    Its wording is the clinic's crisis text (988, Crisis Text Line, 911, the front desk)
    and must be kept exact; the patient can always go on, or leave.

    ``continue_label`` is the forward button when the check is finished ("Go on to my
    result"); ``continue_check_label`` when questions remain ("Go on with the questions").
    ``result_note`` is shown on the result after a safety answer. Both are optional for
    packs written before them: the kiosk then uses the ``next`` button text and repeats
    this screen's own text on the result, and ``kiosk validate`` says so.
    """

    title: ShortText
    paragraphs: list[PlainText] = Field(min_length=1, max_length=8)
    bullets: list[ShortText] = Field(default_factory=list, max_length=10)
    image: ImagePath
    continue_label: ShortText
    continue_check_label: ShortText | None = None
    result_note: SafetyNote | None = None
    # What the patient is told about the silent staff alert, and the button that asks for
    # someone. Optional for older packs: without them the kiosk never claims that staff
    # were told (it repeats the first paragraph) and shows no "Talk to someone" button.
    talk_label: ShortText | None = None
    sending: ShortText | None = None
    staff_told: Annotated[PlainText, Field(max_length=200)] | None = None
    go_to_front_desk: Annotated[PlainText, Field(max_length=200)] | None = None


# --- <lang>/screens/<id>.yaml --------------------------------------------------------


class Page(ContentModel):
    """One page of an explainer: a title, short paragraphs, optional bullets and image."""

    title: ShortText
    paragraphs: list[PlainText] = Field(min_length=1, max_length=8)
    bullets: list[ShortText] = Field(default_factory=list, max_length=12)
    image: ImagePath | None = None
    # A "Talk to someone now" button on this page (the support screen's talk_label).
    talk_button: bool = False


class MenuScreen(ContentModel):
    """What every screen file has: how it appears on its home tile and in the loop."""

    title: ShortText
    tile: Annotated[PlainText, Field(max_length=40)]
    summary: Annotated[PlainText, Field(max_length=160)]
    image: ImagePath


class ExplainerScreen(MenuScreen):
    """A topic of one or more pages, reachable from the home menu."""

    type: Literal["explainer"]
    pages: list[Page] = Field(min_length=1, max_length=10)


DOI_ORG = "https://doi.org/"
# "10.", the registrant's number (perhaps with subdivisions: 10.1000.10), "/", the suffix.
_DOI = re.compile(r"^10\.\d{4,9}(\.\d+)*/\S+$")
_DOI_ADDRESS = re.compile(r"^(https?://)?(dx\.)?doi\.org/", re.IGNORECASE)


def _doi(value: str) -> str:
    text = value.strip()
    if address := _DOI_ADDRESS.match(text):  # the usual paste from a browser
        raise ValueError(
            f'write only the part after doi.org/, like doi: "{text[address.end() :]}" '
            "(the kiosk makes the https://doi.org/ link itself)"
        )
    if text[:4].lower() == "doi:":  # as reference lists print it
        raise ValueError(f'write it without "doi:", like doi: "{text[4:].strip()}"')
    if not _DOI.match(text):
        raise ValueError(
            'must be a DOI like 10.1038/s41398-021-01230-z: "10.", the publisher\'s number, '
            f'"/" and the rest, not {text!r}'
        )
    return text


def _which_to_keep(doi: str, link: str) -> str:
    if address := _DOI_ADDRESS.match(link):
        if link[address.end() :] == doi:
            return f"remove link: the kiosk makes {DOI_ORG}{doi} from the doi itself"
        return f"leads to another DOI than doi ({doi}): keep the right one in doi, remove link"
    return (
        "an article has a doi or a link, not both: keep doi (the QR code then leads to "
        "doi.org, which finds the article wherever it moves) and remove link; or, if "
        "patients should see the page at link instead, remove doi"
    )


class Article(ContentModel):
    """One cited article. A ``doi`` or a ``link`` only where someone checked it.

    With a ``doi``, ``link`` is made from it (https://doi.org/...): the QR code and the
    printed link then lead to doi.org, which finds the article wherever its publisher
    moves it. A written ``link`` is for a page without a DOI; never both.
    """

    title: PlainText
    authors: Annotated[PlainText, Field(max_length=200)] | None = None
    source: ShortText
    year: int | None = Field(ge=1900, le=2100)
    doi: Annotated[str, Field(max_length=200), AfterValidator(_doi)] | None = None
    link: Annotated[str, Field(pattern=r"^https://\S+$")] | None

    @model_validator(mode="wrap")
    @classmethod
    def _link_from_doi(cls, data: Any, handler: ModelWrapValidatorHandler[Article]) -> Article:
        if isinstance(data, dict) and data.get("doi") is not None:
            # "link: null" stays required without a DOI (a missing key is a forgotten
            # check); with one, the key says nothing more and may be left out.
            data = {"link": None, **data}
        article = handler(data)
        if article.doi is None:
            return article
        return article.model_copy(update={"link": DOI_ORG + article.doi})

    @field_validator("link")
    @classmethod
    def _not_beside_a_doi(cls, link: str | None, info: ValidationInfo) -> str | None:
        doi = info.data.get("doi")
        if link is not None and doi is not None:
            raise ValueError(_which_to_keep(doi, link))
        return link


class ResearchScreen(MenuScreen):
    """The list of the articles the clinic cites."""

    type: Literal["research"]
    intro: PlainText
    articles: list[Article] = Field(min_length=1, max_length=40)


class AnswerOption(ContentModel):
    """One answer button and the points it scores."""

    label: ShortText
    score: int = Field(ge=0, le=100)


class Item(ContentModel):
    """One question. A ``safety`` item shows the support screen when endorsed."""

    id: ScreenId
    text: LongText
    safety: bool = False


class FollowUp(ContentModel):
    """An unscored question asked after the items (e.g. the PHQ-9 difficulty question)."""

    text: LongText
    options: list[ShortText] = Field(min_length=2, max_length=6)
    ask_when: Literal["any_item_above_zero", "always"] = "any_item_above_zero"


class Band(ContentModel):
    """A range of totals (inclusive) with the plain words a patient sees for it."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)
    label: ShortText
    message: PlainText


class CheckIntro(ContentModel):
    """What a self-check is, before it starts."""

    title: ShortText
    paragraphs: list[PlainText] = Field(min_length=1, max_length=8)


class QuestionnaireScreen(MenuScreen):
    """A self-check instrument, entirely described by content: no instrument is in code."""

    type: Literal["questionnaire"]
    # A validated instrument this file claims to be, word for word: `kiosk validate` then
    # compares it with the official text kept in kiosk/standards/.
    standard: Literal["phq9"] | None = None
    intro: CheckIntro
    stem: LongText
    options: list[AnswerOption] = Field(min_length=2, max_length=6)
    items: list[Item] = Field(min_length=1, max_length=40)
    follow_up: FollowUp | None = None
    bands: list[Band] = Field(min_length=1, max_length=10)
    safety_min_score: int = Field(default=1, ge=1)
    next_step: PlainText
    credit: PlainText | None = None

    @property
    def max_total(self) -> int:
        return max(option.score for option in self.options) * len(self.items)

    @property
    def has_safety_item(self) -> bool:
        return any(item.safety for item in self.items)

    @field_validator("items")
    @classmethod
    def _item_ids_are_unique(cls, items: list[Item]) -> list[Item]:
        ids = [item.id for item in items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"item ids must be unique; repeated: {', '.join(repeated)}")
        return items

    @field_validator("safety_min_score")
    @classmethod
    def _safety_can_trigger(cls, value: int, info: ValidationInfo) -> int:
        options = info.data.get("options")
        if options and value > max(option.score for option in options):
            raise ValueError(
                f"is {value}, above every answer's score: the support screen could never "
                "appear; set it to the lowest score that should bring it up (1 for an "
                "answer above 'Not at all')"
            )
        return value

    @field_validator("bands")
    @classmethod
    def _bands_cover_every_total(cls, bands: list[Band], info: ValidationInfo) -> list[Band]:
        options, items = info.data.get("options"), info.data.get("items")
        if not options or not items:
            return bands  # their own errors are reported
        top = max(option.score for option in options) * len(items)
        expected = 0
        for band in sorted(bands, key=lambda b: b.min):
            if band.min != expected:
                raise ValueError(
                    f"bands must cover every total from 0 to {top} without gaps or overlaps; "
                    f"the band '{band.label}' starts at {band.min}, expected {expected}"
                )
            if band.max < band.min:
                raise ValueError(f"the band '{band.label}' ends before it starts")
            expected = band.max + 1
        if expected - 1 != top:
            raise ValueError(f"the last band must end at the highest possible total, {top}")
        return bands


Screen = ExplainerScreen | ResearchScreen | QuestionnaireScreen
SCREEN_TYPES: dict[
    str, type[ExplainerScreen] | type[ResearchScreen] | type[QuestionnaireScreen]
] = {
    "explainer": ExplainerScreen,
    "research": ResearchScreen,
    "questionnaire": QuestionnaireScreen,
}


# --- kiosk.yaml: this kiosk's own settings, never shared through the pack ----------------

ALERT_URL = r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$"
AlertUrl = Annotated[str, Field(pattern=ALERT_URL, max_length=2000)]


class AlertDestinations(ContentModel):
    """Where this kiosk's staff alerts go, and how long it tries.

    ``urls`` are Apprise addresses (e-mail, Teams, Slack, ntfy, Matrix, Pushover, SMS
    gateways, a JSON webhook ...). Each delivery attempt must finish within
    ``deadline_seconds`` (the whole attempt, not each read); failed attempts are retried
    with a growing pause for at most ``retry_budget_seconds``. The patient is told staff
    know only when a destination confirmed delivery within ``confirm_seconds``. An alert
    nobody marks as seen in ``escalate_after_seconds`` goes again to ``escalation_urls``.
    """

    urls: list[AlertUrl] = Field(default_factory=list, max_length=20)
    escalation_urls: list[AlertUrl] = Field(default_factory=list, max_length=20)
    command: list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None, min_length=1, max_length=20
    )
    deadline_seconds: Seconds = Field(default=10.0, gt=0, le=120)
    retry_budget_seconds: Seconds = Field(default=60.0, ge=0, le=900)
    confirm_seconds: Seconds = Field(default=10.0, gt=0, le=120)
    escalate_after_seconds: Seconds = Field(default=120.0, ge=10, le=86_400)

    @property
    def configured(self) -> bool:
        return bool(self.urls or self.command)


class MachineConfig(ContentModel):
    """``kiosk.yaml``: what belongs to this machine, not to the clinic's shared pack.

    ``metrics_textfile``: a Prometheus text file kept up to date (node_exporter's textfile
    collector reads it). ``memory_limit_mb``: above this the kiosk restarts itself at the
    next safe moment. ``health_notices``: tell the staff-alert destinations when the kiosk
    started after a crash, its content is broken, or its alerts fail (at most once an
    hour each); ``daily_all_well`` ("08:30"): and every day at that time that all is well.
    """

    kiosk_name: ShortText | None = None
    staff_alerts: AlertDestinations = AlertDestinations()
    metrics_textfile: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    memory_limit_mb: int | None = Field(default=None, ge=200, le=65_536)
    health_notices: bool = True
    daily_all_well: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None
