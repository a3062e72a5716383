"""The one place that decides which screen the patient sees.

Screens only say what the patient asked for (signals). The router turns that into the next
screen, fills it from the content pack in the current language, and owns the patient's
place (which topic, which page). Everything else in the UI follows from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.language_direction import is_right_to_left
from kiosk.loader import ContentPack, LanguagePack
from kiosk.model import ExplainerScreen as ExplainerContent
from kiosk.model import QuestionnaireScreen, SupportContent, UiStrings
from kiosk.model import ResearchScreen as ResearchContent
from kiosk.session import Session, Step
from kiosk.speech_text import digit_by_digit, reading_ms
from kiosk.theme import LARGER_TEXT, THEMES
from kiosk.views.attract import AttractScreen, Slide
from kiosk.views.check_intro import CheckIntroScreen, CheckIntroView
from kiosk.views.explainer import ExplainerScreen, PageView
from kiosk.views.home import HomeScreen, MenuItem
from kiosk.views.language_chooser import LanguageChoice, LanguageChooser
from kiosk.views.question import DEFAULT_TAP_GUARD_MS, QuestionScreen, QuestionView
from kiosk.views.research import Citation, ResearchScreen
from kiosk.views.result import ResultScreen, ResultView, SafetyNoteView
from kiosk.views.support import SupportScreen, SupportView
from kiosk.views.widgets.layout import TouchScrollArea
from kiosk.views.window import KioskWindow


@dataclass(frozen=True)
class Timing:
    """Every time the UI waits, in milliseconds, injectable so tests can shorten them."""

    slide_ms: int
    fade_ms: int = 250
    slide_fade_ms: int = 900
    tap_guard_ms: int = DEFAULT_TAP_GUARD_MS
    # Each attract slide stays as long as its words take to read (slide_ms is the floor);
    # tests that run the loop fast turn this off.
    reading_pace: bool = True


@dataclass
class Place:
    """Where the patient is: a screen id and a page within it (None on attract/home)."""

    screen_id: str | None = None
    page: int = 0


def question_view(
    ui: UiStrings, instrument: QuestionnaireScreen, position: int | None, chosen: int | None
) -> QuestionView:
    """What the question screen shows for item ``position`` (None: the follow-up)."""
    if position is None and instrument.follow_up is not None:
        # Unscored and asked last: its own words, never "Question 10 of 10" after "9 of 9".
        progress = ui.follow_up_progress or ""
        stem, text = "", instrument.follow_up.text
        options = list(instrument.follow_up.options)
    else:
        index = position or 0
        progress = ui.question_of.format(current=index + 1, total=len(instrument.items))
        stem, text = instrument.stem, instrument.items[index].text
        options = [option.label for option in instrument.options]
    return QuestionView(
        answer_wording=ui.speech_answer,
        progress=progress,
        stem=stem,
        text=text,
        options=options,
        chosen=chosen,
        back_text=ui.back,
        leave_text=ui.leave_check,
        can_go_back=True,
        chosen_text=ui.chosen_answer or "✓",
    )


class Router(QObject):
    """Builds the screens inside ``window`` and moves between them.

    Signals:
        navigated(str): the name of the screen now shown ("attract", "home", or a screen id).
        safety_answered(str): the first answer of this session that meets an instrument's
            safety rule was just given (the instrument's id). Emitted once per session,
            before the support screen shows; staff alerts subscribe to it.
        talk_requested: the patient tapped "Talk to someone now".
        session_ended: the patient's session was erased (every reset, Done and Leave).
        language_changed(str): the screens now speak this language.
        pack_replaced: the screens now show a newly loaded pack (a hot reload).

    ``navigated`` is also emitted when a screen shows new content in place (the next
    question, another language), for whoever follows what the patient sees.
    """

    navigated = Signal(str)
    safety_answered = Signal(str)
    talk_requested = Signal()
    session_ended = Signal()
    language_changed = Signal(str)
    pack_replaced = Signal()

    def __init__(
        self,
        window: KioskWindow,
        pack: ContentPack,
        timing: Timing,
        language: str | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.pack = pack
        self.timing = timing
        self.language = pack.language(language).code
        self.place = Place()
        self.session = Session()
        self.staff_status = ""  # what the patient is told about their staff alert
        window.fade.set_duration(timing.fade_ms)
        self.attract = AttractScreen(timing.slide_ms, timing.slide_fade_ms)
        self.home = HomeScreen()
        self.explainer = ExplainerScreen()
        self.explainer.set_fade_ms(timing.fade_ms)
        self.research = ResearchScreen()
        self.check_intro = CheckIntroScreen()
        self.question = QuestionScreen(timing.tap_guard_ms)
        self.support = SupportScreen(timing.tap_guard_ms)
        self.result = ResultScreen(timing.tap_guard_ms)
        self.language_chooser = LanguageChooser(window)
        self.language_chooser.chosen.connect(self.switch_language)
        for screen in (
            self.attract,
            self.home,
            self.explainer,
            self.research,
            self.check_intro,
            self.question,
            self.support,
            self.result,
        ):
            window.stack.addWidget(screen)
        self.attract.start_requested.connect(self.show_home)
        self.home.screen_chosen.connect(self.open_screen)
        self.explainer.home_requested.connect(self.show_home)
        self.explainer.back_requested.connect(self.previous_page)
        self.explainer.next_requested.connect(self.next_page)
        self.research.home_requested.connect(self.show_home)
        self.check_intro.home_requested.connect(self.end_session)
        self.check_intro.start_requested.connect(self.start_check)
        self.question.answered.connect(self.answer)
        self.question.back_requested.connect(self.question_back)
        self.question.leave_requested.connect(self.end_session)
        self.support.continue_requested.connect(self.continue_after_support)
        self.support.leave_requested.connect(self.end_session)
        self.support.talk_requested.connect(self.talk_requested)
        self.explainer.talk_requested.connect(self.talk_requested)
        self.result.done_requested.connect(self.end_session)
        bar = window.access_bar
        bar.larger_text_toggled.connect(self._set_larger_text)
        bar.high_contrast_toggled.connect(self._set_high_contrast)
        bar.language_clicked.connect(self.language_button)
        self._lay_out_for_language()
        self._fill_language_screens()
        window.apply_sizes()

    # --- what the patient reads -------------------------------------------------------

    @property
    def content(self) -> LanguagePack:
        return self.pack.language(self.language)

    @property
    def _support(self) -> SupportContent:
        """The support screen's words. Reached only after a safety answer or from a talk
        button, and the loader requires support.yaml of every language that has either."""
        support = self.content.support
        assert support is not None, "the loader requires support.yaml here"
        return support

    def _fill_language_screens(self) -> None:
        ui = self.content.ui
        clinic = self.pack.clinic_name(self.language)
        slides = [
            Slide(
                screen.title,
                screen.summary,
                self.pack.image_path(screen.image),
                # Long enough to read what it says, never less than the clinic's setting.
                ms=(
                    reading_ms(f"{screen.title} {screen.summary}", self.timing.slide_ms)
                    if self.timing.reading_pace
                    else self.timing.slide_ms
                ),
            )
            for _, screen in self.pack.attract_screens(self.language)
        ]
        self.attract.set_content(clinic, ui.touch_to_start, slides)
        items = [
            MenuItem(sid, screen.tile, self.pack.image_path(screen.image))
            for sid, screen in self.pack.home_screens(self.language)
        ]
        self.home.set_content(clinic, ui.home_title, ui.home_subtitle, items)
        bar = self.window.access_bar
        bar.set_texts(
            ui.larger_text,
            ui.high_contrast,
            ui.read_aloud,
            (
                ui.pause_reading or "Pause",
                ui.replay_reading or "Read again",
                ui.quieter or "Quieter",
                ui.louder or "Louder",
            ),
        )
        bar.set_language_choice(self._language_caption())
        self.language_changed.emit(self.language)

    def _language_codes(self) -> list[str]:
        return [c for c in self.pack.settings.languages if c in self.pack.languages]

    def _language_caption(self) -> str | None:
        """The language button's caption: with two languages, the other one's name (a tap
        switches to it); with more, this one's (a tap opens the chooser); none with one."""
        codes = self._language_codes()
        if len(codes) > 2:
            return self.content.ui.language_name
        following = self._language_after(self.language)
        return self.pack.language(following).ui.language_name if following else None

    def set_language(self, code: str) -> None:
        """Switch every screen to ``code`` (the default language if the pack lacks it),
        laid out right to left for Arabic, Hebrew, Persian and Urdu."""
        self.language = self.pack.language(code).code
        turned = self._lay_out_for_language()
        self._fill_language_screens()
        # Everything when the direction turned (the arrows turn round), else the menu.
        self.window.apply_sizes(None if turned else self.home)

    def _lay_out_for_language(self) -> bool:
        """Mirror the whole window for a right-to-left language; True if it turned."""
        direction = (
            Qt.LayoutDirection.RightToLeft
            if is_right_to_left(self.language)
            else Qt.LayoutDirection.LeftToRight
        )
        if self.window.layoutDirection() == direction:
            return False
        self.window.setLayoutDirection(direction)
        return True

    def language_button(self) -> None:
        """The language button: with two languages, switch to the other at once; with
        more, let the patient choose, each language named in its own words."""
        codes = self._language_codes()
        if len(codes) > 2:
            choices = [
                LanguageChoice(code, self.pack.language(code).ui.language_name) for code in codes
            ]
            self.language_chooser.open_with(choices, self.language, self.content.ui.back)
            self.window.apply_sizes(self.language_chooser)
        else:
            self.next_language()

    def next_language(self) -> None:
        """Switch to the next language at once, keeping the patient's place."""
        following = self._language_after(self.language)
        if following is not None:
            self.switch_language(following)

    def switch_language(self, code: str) -> None:
        """Show ``code``'s words, keeping the patient's place (and every answer)."""
        self.set_language(code)
        self._refresh_current()
        self.navigated.emit(self.shown)

    def _language_after(self, code: str) -> str | None:
        codes = self._language_codes()
        if len(codes) < 2 or code not in codes:
            return None
        return codes[(codes.index(code) + 1) % len(codes)]

    def _refresh_current(self) -> None:
        """Show the same place again, in the current language."""
        current = self.window.stack.currentWidget()
        screen_id, page = self.place.screen_id, self.place.page
        screen = self.content.screens.get(screen_id) if screen_id else None
        if current is self.explainer and isinstance(screen, ExplainerContent):
            self.explainer.show_page(self._page_view(screen_id or "", screen, page), animate=False)
        elif current is self.research and isinstance(screen, ResearchContent):
            self._show_research(screen)
        elif current is self.check_intro and isinstance(screen, QuestionnaireScreen):
            self._show_check_intro(screen)
        elif current is self.question:
            self._rebind_check()
            self._show_question()
        elif current in (self.support, self.result):
            self._rebind_check()
            if current is self.support:
                self._show_support()
            else:
                self.show_result()
        self.window.apply_sizes(current)

    def _rebind_check(self) -> None:
        """Point a check in progress at the same instrument in the new language."""
        run = self.session.check
        instrument = self.content.screens.get(run.instrument_id) if run else None
        if run is not None and isinstance(instrument, QuestionnaireScreen):
            run.instrument = instrument

    # --- accessibility -----------------------------------------------------------------

    def _set_larger_text(self, larger: bool) -> None:
        self.window.set_text_scale(LARGER_TEXT if larger else 1.0)

    def _set_high_contrast(self, high: bool) -> None:
        theme = "high-contrast" if high else self.pack.settings.theme
        self.window.set_palette(THEMES[theme])

    def current_spoken_text(self) -> str:
        """What the screen shown says aloud: its own text, with the phone numbers and
        short codes of crisis text read digit by digit."""
        current = self.window.stack.currentWidget()
        spoken = getattr(current, "spoken_text", None)
        text = spoken() if callable(spoken) else ""
        page = self.explainer.page
        crisis = current in (self.support, self.result) or (
            current is self.explainer and page is not None and bool(page.talk_text)
        )
        return digit_by_digit(text) if crisis else text

    def show_staff_status(self, status: str) -> None:
        """Tell the patient where their staff alert stands: "sending", "told" (a
        destination confirmed delivery), "front_desk" (it did not, or none is set), or ""
        (no alert this session). Shown on the support screen and the help page."""
        self.staff_status = status
        support = self.content.support
        text = None
        if support is not None:
            text = {
                "sending": support.sending,
                # Without the clinic's wording for "told", say nothing rather than guess.
                "told": support.staff_told,
                "front_desk": support.go_to_front_desk or support.paragraphs[0],
            }.get(status)
        asked = status in ("sending", "told")
        self.support.set_staff_status(text, talk_enabled=not asked)
        self.explainer.set_staff_status(text, talk_enabled=not asked)

    # --- where the patient goes -------------------------------------------------------

    def show_attract(self) -> None:
        """Show the attract loop from its first slide."""
        self.place = Place()
        self._switch_to(self.attract, "attract")
        self.attract.start()

    def show_home(self) -> None:
        """Show the home menu."""
        self.place = Place()
        self.attract.stop()
        self._switch_to(self.home, "home")

    def open_screen(self, screen_id: str, page: int = 0) -> None:
        """Open the screen ``screen_id`` (from a tile, or Next at the end of a topic)."""
        screen = self.content.screens.get(screen_id)
        if screen is None:
            self.show_home()
            return
        self.attract.stop()
        if isinstance(screen, ExplainerContent):
            page = min(max(page, 0), len(screen.pages) - 1)
        self.place = Place(screen_id, page)
        if isinstance(screen, ResearchContent):
            self._show_research(screen)
            self._switch_to(self.research, screen_id)
        elif isinstance(screen, QuestionnaireScreen):
            self._show_check_intro(screen)
            self._switch_to(self.check_intro, screen_id)
        else:
            view = self._page_view(screen_id, screen, page)
            self.explainer.show_page(view, animate=False)
            if view.talk_text:
                self.window.apply_sizes(self.explainer)  # the talk button's icon, in theme
            self._switch_to(self.explainer, screen_id)

    def next_page(self) -> None:
        """Next page of this topic; after its last page, the next topic (or home)."""
        screen_id, screen = self._current_explainer()
        if screen_id is None or screen is None:
            return
        if self.place.page + 1 < len(screen.pages):
            self._turn_to(screen_id, screen, self.place.page + 1)
            return
        following = self._topic_after(screen_id)
        if following is None:
            self.show_home()
        else:
            self.open_screen(following)

    def previous_page(self) -> None:
        """Previous page of this topic; from its first page, home."""
        screen_id, screen = self._current_explainer()
        if screen_id is None or screen is None:
            return
        if self.place.page > 0:
            self._turn_to(screen_id, screen, self.place.page - 1)
        else:
            self.show_home()

    # --- self-checks ------------------------------------------------------------------

    def start_check(self) -> None:
        """Start the self-check whose intro is shown, from its first question."""
        screen_id = self.place.screen_id
        instrument = self.content.screens.get(screen_id) if screen_id else None
        if screen_id is None or not isinstance(instrument, QuestionnaireScreen):
            self.show_home()
            return
        self.session.start_check(screen_id, instrument)
        self._show_question()
        self._switch_to(self.question, f"{screen_id}:question")

    def answer(self, choice: int) -> None:
        """Record the answer to the question shown and move on.

        The safety rule is evaluated at every answer: the first safety answer of the
        session tells staff (``safety_answered``) and shows the support screen at once,
        before any other question; the patient goes on from there.
        """
        run = self.session.check
        if run is None:
            return
        answered = self.session.answer(choice)
        if answered.first_safety_answer:
            self.safety_answered.emit(run.instrument_id)
            self._show_support()
            self._switch_to(self.support, f"{run.instrument_id}:support")
        elif answered.step is Step.FINISHED:
            self.show_result()
        else:
            self._show_question()
            self._say_where(f"{run.instrument_id}:question")

    def continue_after_support(self) -> None:
        """From the support screen: the next question, or the result when none is left."""
        run = self.session.check
        if run is None:
            self.end_session()
        elif run.is_finished():
            self.show_result()
        else:
            self._show_question()
            self._switch_to(self.question, f"{run.instrument_id}:question")

    def question_back(self) -> None:
        """Back to the previous question, or to the intro from the first."""
        run = self.session.check
        if run is not None and run.back():
            self._show_question()
            self._say_where(f"{run.instrument_id}:question")
        elif run is not None:
            self.session.drop_check()  # a safety answer already given stays flagged
            self.question.clear()
            self._switch_to(self.check_intro, run.instrument_id)

    def show_result(self) -> None:
        """Show the result of the finished check; after a safety answer, the safety note
        comes first and replaces the instrument's next step."""
        run = self.session.check
        if run is None or not run.is_finished():
            self.end_session()
            return
        ui, result = self.content.ui, run.result()
        note = self._safety_note() if self.session.safety_flagged else None
        self.result.show_result(
            ResultView(
                heading=ui.result_heading,
                instrument=run.instrument.title,
                band=result.band.label,
                message=result.band.message,
                score_line=ui.score_of.format(score=result.total, max=result.max_total),
                next_step=note.next_step if note else run.instrument.next_step,
                credit=run.instrument.credit,
                done_text=ui.done,
                image=self.pack.image_path(self._support.image if note else run.instrument.image),
                safety_note=note,
            )
        )
        self.window.apply_sizes(self.result)
        self._switch_to(self.result, f"{run.instrument_id}:result")

    def _safety_note(self) -> SafetyNoteView:
        support = self._support
        note = support.result_note
        if note is None:
            # A pack written before result notes: repeat the support screen itself, whose
            # first paragraph sends the patient to the front desk.
            return SafetyNoteView(
                support.title, [*support.paragraphs[1:], *support.bullets], support.paragraphs[0]
            )
        return SafetyNoteView(note.title, list(note.paragraphs), note.next_step)

    def end_session(self) -> None:
        """The patient is done (Done, Leave, Home in a check): erase everything, go home."""
        self.reset_session(to_attract=False)

    def reset_session(self, to_attract: bool = True) -> None:
        """The one reset every path uses: Done, idle timeout, staff, a fault.

        Afterwards nothing of the previous patient is left in any screen or model: no
        answer, no result, no place in a topic, no scroll position, no language choice.
        """
        self.session.clear()
        self.language_chooser.hide()
        for screen in (
            self.question,
            self.result,
            self.support,
            self.explainer,
            self.research,
            self.check_intro,
        ):
            screen.clear()
        self.place = Place()
        self.window.access_bar.reset()
        self.window.set_text_scale(1.0)
        self.window.set_palette(THEMES[self.pack.settings.theme])
        self.window.fade.finish()
        for area in self.window.findChildren(TouchScrollArea):
            area.scroll_to_top()
        if self.language != self.pack.settings.default_language:
            self.set_language(self.pack.settings.default_language)
        self.session_ended.emit()
        self.show_staff_status("")
        if to_attract:
            self.show_attract()
        else:
            self.show_home()

    def replace_pack(self, pack: ContentPack) -> None:
        """Show a newly loaded pack. A patient on the home menu stays there; anywhere
        else the session starts over (hot reload only swaps at such safe moments)."""
        on_home = self.window.stack.currentWidget() is self.home and self.session.check is None
        self.session.clear()
        self.pack = pack
        self.language = pack.language(self.language).code
        self._fill_language_screens()
        self.window.apply_sizes()
        if on_home:
            self.show_home()
        else:
            self.reset_session()
        self.pack_replaced.emit()

    def _show_support(self) -> None:
        support, ui = self._support, self.content.ui
        run = self.session.check
        finished = run is None or run.is_finished()
        self.support.set_content(
            SupportView(
                support.title,
                list(support.paragraphs),
                list(support.bullets),
                self.pack.image_path(support.image),
                continue_text=(
                    support.continue_label if finished else support.continue_check_label or ui.next
                ),
                leave_text=ui.leave_check,
                talk_text=support.talk_label,
            )
        )
        self.show_staff_status(self.staff_status)
        self.window.apply_sizes(self.support)

    def _show_question(self) -> None:
        run = self.session.check
        if run is None:
            return
        position = None if run.step() is Step.FOLLOW_UP else run.position
        view = question_view(self.content.ui, run.instrument, position, run.current_choice())
        self.question.show_question(view)
        self.window.apply_sizes(self.question)

    def _show_check_intro(self, instrument: QuestionnaireScreen) -> None:
        ui = self.content.ui
        self.check_intro.set_content(
            CheckIntroView(
                title=instrument.intro.title,
                paragraphs=list(instrument.intro.paragraphs),
                credit=instrument.credit,
                image=self.pack.image_path(instrument.image),
                start_text=ui.start_check,
                home_text=ui.home,
            )
        )
        self.window.apply_sizes(self.check_intro)

    def swipe(self, direction: int) -> None:
        """A page swipe: +1 (the finger moving left) is the next page, -1 the previous; only
        explainers turn. Right to left, pages turn the other way, as in a book."""
        if self.window.stack.currentWidget() is not self.explainer:
            return
        if self.language_chooser.isVisible():
            return
        if is_right_to_left(self.language):
            direction = -direction
        if direction > 0:
            self.next_page()
        elif self.place.page > 0:  # a swipe back never leaves the topic
            self.previous_page()

    def current_name(self) -> str:
        """The name of the screen shown: "attract", "home" or a screen id."""
        widget = self.window.stack.currentWidget()
        if widget is self.attract:
            return "attract"
        if widget is self.home:
            return "home"
        return self.place.screen_id or "home"

    # --- helpers ----------------------------------------------------------------------

    def _switch_to(self, screen: QWidget, name: str) -> None:
        bar = self.window.access_bar
        bar.setVisible(screen is not self.attract)
        if self.window.stack.currentWidget() is not screen:
            self.window.fade.run(lambda: self.window.stack.setCurrentWidget(screen))
        self._say_where(name)

    def _say_where(self, name: str) -> None:
        """Tell the observers where the patient now is (and remember it: see ``shown``)."""
        self.shown = name
        self.navigated.emit(name)

    def _turn_to(self, screen_id: str, screen: ExplainerContent, page: int) -> None:
        self.place = Place(screen_id, page)
        view = self._page_view(screen_id, screen, page)
        self.explainer.show_page(view)
        if view.talk_text:
            self.window.apply_sizes(self.explainer)  # the talk button's icon, in theme
        self._say_where(screen_id)

    def _current_explainer(self) -> tuple[str | None, ExplainerContent | None]:
        screen_id = self.place.screen_id
        screen = self.content.screens.get(screen_id) if screen_id else None
        if isinstance(screen, ExplainerContent):
            return screen_id, screen
        return None, None

    def _topic_after(self, screen_id: str) -> str | None:
        menu = self.pack.settings.home_menu
        if screen_id not in menu:
            return None
        index = menu.index(screen_id)
        return menu[index + 1] if index + 1 < len(menu) else None

    def _page_view(self, screen_id: str, screen: ExplainerContent, index: int) -> PageView:
        ui = self.content.ui
        page = screen.pages[index]
        last = index + 1 == len(screen.pages)
        has_next_topic = self._topic_after(screen_id) is not None
        return PageView(
            topic=screen.title,
            title=page.title,
            paragraphs=list(page.paragraphs),
            bullets=list(page.bullets),
            image=self.pack.image_path(page.image or screen.image),
            index=index,
            count=len(screen.pages),
            position_text=ui.page_of.format(current=index + 1, total=len(screen.pages)),
            back_text=ui.back if index > 0 else ui.home,
            next_text=(ui.next_topic if has_next_topic else ui.home) if last else ui.next,
            home_text=ui.home,
            talk_text=self._support.talk_label if page.talk_button else None,
        )

    def _show_research(self, screen: ResearchContent) -> None:
        ui = self.content.ui
        citations = [
            Citation(
                article.title,
                " · ".join(p for p in (article.source, str(article.year or "")) if p),
                article.link,
                article.authors,
            )
            for article in screen.articles
        ]
        self.research.set_content(
            screen.title, screen.intro, citations, ui.home, ui.research_scan_hint
        )
        self.window.apply_sizes(self.research)
