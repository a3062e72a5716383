"""The staff panel, behind the PIN: reset, reload content, status, alerts, a check of the
machine (``kiosk doctor``), info, exit."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

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
        header = QHBoxLayout()
        header.addWidget(label("Staff panel", "title"), 1)
        self.close_button = KioskButton("Close", "secondary", icon="close")
        self.close_button.setObjectName("staff-close")
        self.close_button.clicked.connect(self.close_panel)
        header.addWidget(self.close_button)
        self.card_layout.addLayout(header)
        actions = QWidget()
        grid = QGridLayout(actions)
        self.reset_button = self._action("Reset session", "staff-reset", self.reset_requested)
        self.reload_button = self._action("Reload content", "staff-reload", self.reload_requested)
        self.acknowledge_button = self._action(
            "Mark alerts as seen", "staff-acknowledge", self.acknowledge_requested
        )
        self.test_alert_button = self._action(
            "Send test alert", "staff-test-alert", self.test_alert_requested
        )
        self.check_button = self._action("Check this machine", "staff-check", self.check_requested)
        self.exit_button = self._action("Exit kiosk", "staff-exit", self.exit_requested)
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

    def _action(self, text: str, name: str, signal: SignalInstance) -> KioskButton:
        button = KioskButton(text, "secondary")
        button.setObjectName(name)
        button.clicked.connect(signal)
        return button

    def _arrange(self, columns: int) -> None:
        for index, button in enumerate(self._actions):
            self._grid.removeWidget(button)
            self._grid.addWidget(button, index // columns, index % columns)

    def open_panel(self, status: StaffStatus) -> None:
        self.show_status(status)
        parent = self.parentWidget()
        # On a narrow, upright screen three buttons a row cut their words off.
        portrait = parent is not None and parent.width() < parent.height()
        self._arrange(2 if portrait else 3)
        self.open()
        self._idle_close.start()

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
        problems = status.content_problems
        content = (
            "Content: valid."
            if not problems
            else "Content has problems (the last good content is still shown):\n"
            + "\n".join(problems)
        )
        self.status.setText(
            "\n\n".join(
                (
                    # First when asked for: staff just tapped "Check this machine".
                    *(
                        ["Machine check:\n" + breakable("\n".join(self._machine_check))]
                        if self._machine_check
                        else []
                    ),
                    _alerts_text(status),
                    *([f"Status: {status.health}"] if status.health else []),
                    content,
                    *(["Last 7 days: " + " · ".join(status.usage)] if status.usage else []),
                    f"Kiosk: {status.kiosk_name} · version {status.version} · "
                    f"up {status.uptime}\nContent folder: {breakable(status.content_dir)}",
                )
            )
        )


ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """``text`` with a line-break chance after each \\ and / : a long path or registry
    key has no space to wrap at, and on an upright screen it would push every line of
    the panel past its right edge."""
    return text.replace("\\", "\\" + ZERO_WIDTH_SPACE).replace("/", "/" + ZERO_WIDTH_SPACE)


def _alerts_text(status: StaffStatus) -> str:
    if status.config_problems:
        head = (
            "kiosk.yaml has problems, so staff alerts are OFF and patients are sent to "
            "the front desk:\n" + "\n".join(status.config_problems)
        )
    elif not status.alert_destinations:
        head = (
            "Staff alerts are NOT SET UP: patients are sent to the front desk. Set them "
            "in this kiosk's kiosk.yaml (docs/alerts.md), then tap Send test alert."
        )
    else:
        head = "Staff alerts go to: " + ", ".join(status.alert_destinations) + "."
    waiting = status.unacknowledged_alerts
    seen = f"Alerts not yet marked as seen: {waiting}." if waiting else "Every alert is seen."
    listing = "\n".join(status.alerts) if status.alerts else "No alerts since the kiosk started."
    return f"{head}\n{seen}\n{listing}"
