"""The staff panel, behind the PIN: reset, reload content, status, alerts, a check of the
machine (``kiosk doctor``), info, exit."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.model import StaffStrings
from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.layout import touch_scroll_area
from kiosk.views.widgets.overlay import Overlay
from kiosk.views.widgets.text import label


@dataclass(frozen=True)
class StaffStatus:
    """What the panel reports; never anything about a patient's answers."""

    kiosk_name: str
    version: str
    content_dir: str
    uptime: str
    content_problems: list[str]
    alert_destinations: list[str]
    alerts: list[str]  # newest first, each followed by its destinations' answers
    unacknowledged_alerts: int
    config_problems: list[str]
    health: str = ""  # "up", or "degraded: …" with the reasons (as `kiosk status` says)
    usage: list[str] = field(default_factory=list)  # the last 7 days' counts


class StaffPanel(Overlay):
    """Staff tools. Closes itself after ``idle_close_ms`` without a touch.

    Signals:
        reset_requested, reload_requested, acknowledge_requested, test_alert_requested,
        check_requested, exit_requested, closed.
    """

    reset_requested = Signal()
    reload_requested = Signal()
    acknowledge_requested = Signal()
    test_alert_requested = Signal()
    check_requested = Signal()
    exit_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget, idle_close_ms: int) -> None:
        super().__init__(parent, dim=210, fill=(0.7, 0.75))
        self.setObjectName("StaffPanel")
        self._texts = StaffStrings()
        header = QHBoxLayout()
        self.title = label("", "title")
        header.addWidget(self.title, 1)
        self.close_button = KioskButton("", "secondary", icon="close")
        self.close_button.setObjectName("staff-close")
        self.close_button.clicked.connect(self.close_panel)
        header.addWidget(self.close_button)
        self.card_layout.addLayout(header)
        actions = QWidget()
        grid = QGridLayout(actions)
        self.reset_button = self._action("staff-reset", self.reset_requested)
        self.reload_button = self._action("staff-reload", self.reload_requested)
        self.acknowledge_button = self._action("staff-acknowledge", self.acknowledge_requested)
        self.test_alert_button = self._action("staff-test-alert", self.test_alert_requested)
        self.check_button = self._action("staff-check", self.check_requested)
        self.exit_button = self._action("staff-exit", self.exit_requested)
        self._grid = grid
        self._actions = (
            self.reset_button,
            self.reload_button,
            self.acknowledge_button,
            self.test_alert_button,
            self.check_button,
            self.exit_button,
        )
        self._arrange(3)
        self.card_layout.addWidget(actions)
        self.status = label("", "body")
        self.status.setObjectName("staff-status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card_layout.addWidget(touch_scroll_area(self.status), 1)
        self._machine_check: list[str] = []
        self._last_status: StaffStatus | None = None
        self._idle_close = QTimer(self)
        self._idle_close.setSingleShot(True)
        self._idle_close.setInterval(idle_close_ms)
        self._idle_close.timeout.connect(self.close_panel)
        self.set_texts(self._texts)

    def set_texts(self, texts: StaffStrings) -> None:
        """The panel's words, in the clinic's language (the pack's ``staff:`` texts)."""
        self._texts = texts
        self.title.setText(texts.panel_title)
        self.close_button.set_text(texts.close)
        for button, text in (
            (self.reset_button, texts.reset_session),
            (self.reload_button, texts.reload_content),
            (self.acknowledge_button, texts.mark_seen),
            (self.test_alert_button, texts.send_test_alert),
            (self.check_button, texts.check_machine),
            (self.exit_button, texts.exit_kiosk),
        ):
            button.set_text(text)
        if self._last_status is not None:
            self.show_status(self._last_status)

    def _action(self, name: str, signal: SignalInstance) -> KioskButton:
        button = KioskButton("", "secondary")
        button.setObjectName(name)
        button.clicked.connect(signal)
        return button

    def _arrange(self, columns: int) -> None:
        for index, button in enumerate(self._actions):
            self._grid.removeWidget(button)
            self._grid.addWidget(button, index // columns, index % columns)

    def open_panel(self, status: StaffStatus) -> None:
        self.show_status(status)
        self.open()
        self._arrange(self._columns_that_fit())
        self._idle_close.start()

    def _columns_that_fit(self) -> int:
        """Three buttons a row where every caption fits, else two, else one: on an upright
        screen, or in a language with longer words, a caption must never be cut off."""
        margins = self.card_layout.contentsMargins()
        grid = self._grid.contentsMargins()
        room = (
            self.card.maximumWidth() - margins.left() - margins.right() - grid.left() - grid.right()
        )
        spacing = max(0, self._grid.horizontalSpacing())
        widest = max(button.sizeHint().width() for button in self._actions)
        for columns in (3, 2):
            if widest * columns + spacing * (columns - 1) <= room:
                return columns
        return 1

    def close_panel(self) -> None:
        self._idle_close.stop()
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def set_idle_close_ms(self, idle_close_ms: int) -> None:
        """How long the panel stays open without a touch (an open panel starts counting
        again)."""
        self._idle_close.setInterval(idle_close_ms)

    def touched(self) -> None:
        """Any touch while open restarts the 30-second self-close."""
        if self.isVisible():
            self._idle_close.start()

    def show_machine_check(self, lines: list[str]) -> None:
        """What "Check this machine" found (or that it is running), under the status."""
        self._machine_check = list(lines)
        if self._last_status is not None:
            self.show_status(self._last_status)

    def show_status(self, status: StaffStatus) -> None:
        self._last_status = status
        texts = self._texts
        problems = status.content_problems
        content = (
            "\n".join([texts.content_problems, *problems]) if problems else texts.content_valid
        )
        self.status.setText(
            "\n\n".join(
                (
                    # First when asked for: staff just tapped "Check this machine".
                    *(
                        [texts.machine_check + "\n" + breakable("\n".join(self._machine_check))]
                        if self._machine_check
                        else []
                    ),
                    _alerts_text(status, texts),
                    *([texts.health_line.format(health=status.health)] if status.health else []),
                    content,
                    *(
                        [texts.usage_line.format(counts=" · ".join(status.usage))]
                        if status.usage
                        else []
                    ),
                    texts.kiosk_line.format(
                        name=status.kiosk_name, version=status.version, uptime=status.uptime
                    )
                    + "\n"
                    + texts.folder_line.format(folder=breakable(status.content_dir)),
                )
            )
        )


ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """``text`` with a line-break chance after each \\ and / : a long path or registry
    key has no space to wrap at, and on an upright screen it would push every line of
    the panel past its right edge."""
    return text.replace("\\", "\\" + ZERO_WIDTH_SPACE).replace("/", "/" + ZERO_WIDTH_SPACE)


def _alerts_text(status: StaffStatus, texts: StaffStrings) -> str:
    if status.config_problems:
        head = "\n".join([texts.alerts_config_problems, *status.config_problems])
    elif not status.alert_destinations:
        head = texts.alerts_not_set_up
    else:
        head = texts.alerts_go_to.format(destinations=", ".join(status.alert_destinations))
    waiting = status.unacknowledged_alerts
    seen = texts.alerts_waiting.format(count=waiting) if waiting else texts.alerts_all_seen
    listing = "\n".join(status.alerts) if status.alerts else texts.no_alerts
    return f"{head}\n{seen}\n{listing}"
