"""An explainer page: a title, plain paragraphs and bullets beside an illustration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton, forward_button, talk_button, talk_row
from kiosk.views.widgets.dots import ProgressDots
from kiosk.views.widgets.fade import Crossfade
from kiosk.views.widgets.layout import ScreenBase, TextAndImage
from kiosk.views.widgets.text import label, text_column


@dataclass(frozen=True)
class PageView:
    """Everything one explainer page shows, already in the patient's language."""

    topic: str
    title: str
    paragraphs: list[str]
    bullets: list[str]
    image: Path
    index: int
    count: int
    position_text: str
    back_text: str
    next_text: str
    home_text: str
    talk_text: str | None = None  # a "Talk to someone now" button on this page


class ExplainerScreen(ScreenBase):
    """Shows one page of a topic with Home, Back and Next.

    Signals:
        home_requested: the patient tapped Home.
        back_requested: the patient tapped Back.
        next_requested: the patient tapped Next.
        talk_requested: the patient tapped "Talk to someone now".
    """

    home_requested = Signal()
    back_requested = Signal()
    next_requested = Signal()
    talk_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ExplainerScreen")
        outer = QVBoxLayout(self)
        outer.addLayout(self._top_bar())
        self._stage = TextAndImage(image_stretch=(2, 1))
        self.text_area, self.image = self._stage.text_area, self._stage.image
        outer.addWidget(self._stage, 1)
        outer.addLayout(self._bottom_bar())
        self._fade = Crossfade(self._stage)
        self.page: PageView | None = None
        self.talk_button: KioskButton | None = None
        self.staff_status: QLabel | None = None
        self._status_text: str | None = None
        self._talk_enabled = True

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.home_button = KioskButton("", "secondary", icon="home")
        self.home_button.setObjectName("home")
        self.home_button.clicked.connect(self.home_requested)
        self.topic = label("", "kicker")
        bar.addWidget(self.home_button)
        bar.addWidget(self.topic, 1)
        return bar

    def _bottom_bar(self) -> QGridLayout:
        # Three equal columns keep the dots in the middle of the screen, whatever the
        # width of "Next" or "Next topic".
        bar = QGridLayout()
        for column in range(3):
            bar.setColumnStretch(column, 1)
        self.back_button = KioskButton("", "secondary", icon="arrow-left")
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back_requested)
        keep_place = self.back_button.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)  # Next and the dots must not jump sideways
        self.back_button.setSizePolicy(keep_place)
        self.next_button = forward_button("next")
        self.next_button.clicked.connect(self.next_requested)
        self.dots = ProgressDots()
        self.position = label("", "muted")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        middle = QVBoxLayout()
        middle.addWidget(self.dots, 0, Qt.AlignmentFlag.AlignHCenter)
        middle.addWidget(self.position)
        bar.addWidget(self.back_button, 0, 0, Qt.AlignmentFlag.AlignLeft)
        bar.addLayout(middle, 0, 1)
        bar.addWidget(
            self.next_button, 0, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        )
        return bar

    def set_fade_ms(self, duration_ms: int) -> None:
        """Set how long a page turn fades (0 in tests)."""
        self._fade.set_duration(duration_ms)

    def show_page(self, page: PageView, animate: bool = True) -> None:
        """Show ``page``, from the top, fading from the previous one."""
        if animate:
            self._fade.run(lambda: self._fill(page))
        else:
            self._fade.finish()
            self._fill(page)

    def _fill(self, page: PageView) -> None:
        self.page = page
        self.topic.setText(page.topic)
        self.home_button.set_text(page.home_text)
        self.back_button.set_text(page.back_text)
        # Home is already at the top: on a first page Back would only repeat it.
        self.back_button.setVisible(page.index > 0)
        self.next_button.set_text(page.next_text)
        self.position.setText(page.position_text)
        self.dots.set_position(page.index, page.count, page.position_text)
        text = text_column(page.title, page.paragraphs, page.bullets)
        self.talk_button = self.staff_status = None
        if page.talk_text:
            self._add_talk(text, page.talk_text)
        self._stage.show_page(text, page.image)

    def _add_talk(self, text: QWidget, caption: str) -> None:
        column = text.layout()
        assert isinstance(column, QVBoxLayout)
        self.talk_button = talk_button(caption)
        self.talk_button.clicked.connect(self.talk_requested)
        self.staff_status = label("", "status")
        self.staff_status.setObjectName("staff-status")
        # Right after the page's first paragraph (the front desk), before the phone lines.
        column.insertWidget(2, talk_row(self.talk_button, self.staff_status))
        self.set_staff_status(self._status_text, self._talk_enabled)

    def set_staff_status(self, text: str | None, talk_enabled: bool) -> None:
        """What became of the patient's staff alert, under the talk button (if any)."""
        self._status_text, self._talk_enabled = text, talk_enabled
        if self.staff_status is not None:
            self.staff_status.setText(text or "")
            self.staff_status.setVisible(bool(text))
        if self.talk_button is not None:
            self.talk_button.setEnabled(talk_enabled)

    def clear(self) -> None:
        """Forget the page shown (a reset: the next patient starts fresh)."""
        self._fade.finish()
        self.page = None
        self.talk_button = self.staff_status = None
        self._stage.clear()

    def spoken_text(self) -> str:
        """What "Read aloud" says on this page."""
        page = self.page
        if page is None:
            return ""
        return "\n".join((page.title, *page.paragraphs, *page.bullets))

    def orientation_changed(self, portrait: bool) -> None:
        # In portrait the picture goes on top and gets less room than the text.
        self._stage.set_portrait(portrait)
