"""Keeps the kiosk safe to leave alone: idle warning, one reset, staff access, lock-down.

:class:`KioskGuard` connects the app-wide :class:`~kiosk.input_watch.InputWatcher` to the
overlays (the "Are you still there?" warning, the PIN pad, the staff panel) and to the
router's single :meth:`~kiosk.router.Router.reset_session`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.alert_watch import AlertWatch
from kiosk.alerts import Event, StaffAlerter
from kiosk.audio import AudioMode
from kiosk.content_watch import ContentWatcher
from kiosk.errors import ContentErrors, printable
from kiosk.input_watch import GestureTiming, InputWatcher
from kiosk.loader import ContentPack
from kiosk.model import StaffStrings
from kiosk.pin import PinGuard, pin_is_set
from kiosk.router import Router
from kiosk.views.pin_pad import PinPadOverlay
from kiosk.views.resting import RestingOverlay
from kiosk.views.staff_panel import StaffPanel, StaffStatus
from kiosk.views.still_there import StillThereOverlay
from kiosk.views.widgets.overlay import Toast

log = logging.getLogger(__name__)

#: The process exit status after a fault storm (EX_SOFTWARE): not a clean exit.
EXIT_FAULT_STORM = 70
REST_BEFORE_EXIT_MS = 30_000


@dataclass(frozen=True)
class GuardTiming:
    """Every wait of the guard in milliseconds; tests pass short ones (see
    :meth:`KioskGuard.set_timing`)."""

    idle_ms: int
    warning_ms: int
    # After a safety answer: the support screen and the rest of that check.
    support_idle_ms: int = 180_000
    hold_ms: int = 3000
    taps_window_ms: int = 3000
    staff_panel_ms: int = 30_000
    toast_ms: int = 2500
    tick_ms: int = 1000

    @classmethod
    def from_settings(cls, pack: ContentPack) -> GuardTiming:
        timeouts = pack.settings.timeouts
        return cls(
            idle_ms=timeouts.idle_seconds * 1000,
            warning_ms=timeouts.warning_seconds * 1000,
            support_idle_ms=timeouts.support_idle_seconds * 1000,
        )


class KioskGuard(QObject):
    """Idle → warning → reset; corner hold → reset; corner taps → PIN → staff panel.

    Signals:
        reset_done(str): a session was reset, and why ("idle timeout", "front desk", …).
        closing: staff are closing the kiosk (a clean stop, not a crash).
    """

    reset_done = Signal(str)
    closing = Signal()

    def __init__(
        self,
        router: Router,
        timing: GuardTiming,
        *,
        kiosk_mode: bool,
        reload_content: Callable[[], ContentPack],
        pin_guard: PinGuard | None = None,
        has_pin: Callable[[], bool] = pin_is_set,
        alerter: StaffAlerter | None = None,
        alert_watch: AlertWatch | None = None,
        content_problems: list[str] | None = None,
        content_watcher: ContentWatcher | None = None,
        kiosk_name: str | None = None,
        config_problems: list[str] | None = None,
        follow_pack_timeouts: bool = False,
        content_dir: Path | None = None,
    ) -> None:
        window = router.window
        super().__init__(window)
        self.router = router
        self.window = window
        self.timing = timing
        self.alerter = alerter
        self.alert_watch = alert_watch
        self.audio = router.findChild(AudioMode)
        self.kiosk_name = kiosk_name
        self.config_problems = list(config_problems or [])
        # True on the running kiosk: a reloaded pack's timeouts take effect at once.
        self._follow_pack_timeouts = follow_pack_timeouts
        self._content_dir = content_dir  # the clinic's folder; the pack shows its snapshot
        # What the heartbeat and the usage counts say, for the staff panel.
        self._health: Callable[[], str] | None = None
        self._usage_lines: Callable[[], list[str]] | None = None
        self.content_problems = list(content_problems or [])
        self._reload_content = reload_content
        self._started = time.monotonic()
        self.pending_pack: ContentPack | None = None
        self.content_watcher = content_watcher
        window.locked = kiosk_mode
        self.watcher = InputWatcher(
            window,
            GestureTiming(timing.idle_ms, timing.hold_ms, timing.taps_window_ms),
            lock_keys=kiosk_mode,
        )
        self.still_there = StillThereOverlay(window, timing.warning_ms, timing.tick_ms)
        self.pin_pad = PinPadOverlay(window, pin_guard or PinGuard(), has_pin)
        self.staff = StaffPanel(window, timing.staff_panel_ms)
        self.toast = Toast(window, timing.toast_ms)
        self.resting = RestingOverlay(window)
        self._exit_timer = QTimer(self)
        self._exit_timer.setSingleShot(True)
        self._exit_timer.timeout.connect(self._exit_after_rest)
        self._connect()
        self.watcher.install()
        self._on_navigated(router.current_name())

    def _connect(self) -> None:
        self.router.navigated.connect(self._on_navigated)
        self.router.navigated.connect(self._apply_pending_if_safe)
        if self.content_watcher is not None:
            self.content_watcher.pack_ready.connect(self.offer_pack)
            self.content_watcher.pack_rejected.connect(self._content_rejected)
        self.watcher.idle.connect(self._on_idle)
        self.watcher.activity.connect(self.staff.touched)
        self.watcher.corner_held.connect(self.front_desk_reset)
        self.watcher.corner_tapped.connect(self.open_pin_pad)
        self.watcher.swiped.connect(self._on_swipe)
        self.still_there.kept.connect(self._arm_idle)
        self.still_there.expired.connect(lambda: self.reset("idle timeout"))
        self.pin_pad.accepted.connect(self.open_staff_panel)
        self.staff.reset_requested.connect(self._staff_reset)
        self.staff.reload_requested.connect(self.reload)
        self.staff.acknowledge_requested.connect(self._acknowledge)
        self.staff.exit_requested.connect(self.exit_kiosk)
        self.staff.test_alert_requested.connect(self.send_test_alert)
        if self.alert_watch is not None:
            self.alert_watch.changed.connect(self._refresh_staff_panel)
        if self.audio is not None:
            self.audio.speaking_changed.connect(self._on_speaking)
        self.staff.closed.connect(self._resume_idle)
        self.staff.closed.connect(self._apply_pending_if_safe)
        self.pin_pad.cancelled.connect(self._resume_idle)
        self.still_there.kept.connect(self._apply_pending_if_safe)

    def shutdown(self) -> None:
        self.watcher.shutdown()
        self._exit_timer.stop()
        if self.content_watcher is not None:
            self.content_watcher.stop()

    # --- content changes --------------------------------------------------------------

    def offer_pack(self, pack: ContentPack) -> None:
        """A changed, valid pack: show it at the next safe moment."""
        self.pending_pack = pack
        self.content_problems = []
        self._apply_pending_if_safe()
        if self.staff.isVisible():
            self.staff.show_status(self.status())

    def _content_rejected(self, problems: list[str]) -> None:
        """A changed pack is broken: keep showing the good one; tell staff why."""
        self.pending_pack = None
        self.content_problems = problems
        if self.staff.isVisible():
            self.staff.show_status(self.status())

    def safe_to_swap(self) -> bool:
        """Never in the middle of a patient's self-check, or with an overlay up."""
        return (
            self.router.session.check is None
            and self.router.current_name() in ("attract", "home")
            and not self._overlay_open()
        )

    def safe_to_restart(self) -> bool:
        """Nobody is using the kiosk: the attract loop, no session, no overlay."""
        return (
            self.router.current_name() == "attract"
            and self.router.session.check is None
            and not self._overlay_open()
        )

    def _apply_pending_if_safe(self, _name: str = "") -> None:
        if self.pending_pack is None or not self.safe_to_swap():
            return
        pack, self.pending_pack = self.pending_pack, None
        self.router.replace_pack(pack)
        self._take_timeouts(pack)
        log.info("new content shown from %s", pack.root)

    def _take_timeouts(self, pack: ContentPack) -> None:
        """Use the timeouts of a pack shown after start-up (hot reload, staff reload)."""
        if not self._follow_pack_timeouts:
            return
        fresh = GuardTiming.from_settings(pack)
        self.set_timing(
            replace(
                self.timing,
                idle_ms=fresh.idle_ms,
                warning_ms=fresh.warning_ms,
                support_idle_ms=fresh.support_idle_ms,
            )
        )

    def set_timing(self, timing: GuardTiming) -> None:
        """Use ``timing`` for every wait of the guard from now on.

        An idle wait under way starts again with its new length (the support screen's
        when this patient gave a safety answer); so do an open staff panel's and a
        shown message's. A warning already counting down goes on as it started; the
        next one counts down the new length.

        A reloaded pack's timeouts come in here. Tests build the guard with long waits,
        so that tapping through screens on a slow machine cannot run one out, and
        shorten them here once their set-up is done, right before they wait.
        """
        self.timing = timing
        self.watcher.set_timing(
            GestureTiming(timing.idle_ms, timing.hold_ms, timing.taps_window_ms)
        )
        self.still_there.set_countdown_ms(timing.warning_ms, timing.tick_ms)
        self.staff.set_idle_close_ms(timing.staff_panel_ms)
        self.toast.set_duration_ms(timing.toast_ms)
        if self.watcher.idle_armed():
            self._arm_idle()

    # --- the session ------------------------------------------------------------------

    def reset(self, reason: str) -> None:
        """End the session and return to the attract loop (the one reset)."""
        log.info("session reset: %s", reason)
        self.still_there.cancel()
        self.router.reset_session(to_attract=True)
        self.reset_done.emit(reason)

    def front_desk_reset(self) -> None:
        """The 3-second corner hold: reset, and say so briefly."""
        self.pin_pad.hide()
        self.staff.close_panel()
        self.reset("front desk")
        self.toast.show_message(self._staff_texts().reset_done)

    def recover_from_fault(self) -> None:
        """Called by the fault handler after an exception anywhere."""
        self.pin_pad.hide()
        self.staff.close_panel()
        self.reset("fault")

    def rest(self, exit_after_ms: int | None = None) -> None:
        """Faults keep coming: stop, show the resting screen, and end the process after
        a pause (non-zero, so that its supervisor starts a fresh one; the pause keeps a
        fault at start-up from restarting it in a tight loop)."""
        self.watcher.disarm_idle()
        for overlay in (self.still_there, self.pin_pad):
            overlay.hide()
        self.staff.close_panel()
        self.router.session.clear()
        # The screens below may be what keeps failing (a paint error on every frame).
        self.window.stack.hide()
        self.window.access_bar.hide()
        self.resting.rest(self.router.content.ui.resting)
        pause = REST_BEFORE_EXIT_MS if exit_after_ms is None else exit_after_ms
        self._exit_timer.start(pause)

    def _exit_after_rest(self) -> None:
        log.error("the kiosk rested after repeated faults; exiting for a fresh start")
        self.window.allow_close()
        self.exit_process(EXIT_FAULT_STORM)

    @staticmethod
    def exit_process(code: int) -> None:
        """End the event loop with ``code`` (tests replace this)."""
        app = QApplication.instance()
        if app is not None:
            app.exit(code)

    def _on_navigated(self, name: str) -> None:
        if name == "attract":
            self.watcher.disarm_idle()
        elif not self._overlay_open():
            self._arm_idle()

    def _arm_idle(self) -> None:
        """Start the idle timer; longer once this patient has given a safety answer (they
        may be on the phone to a crisis line, or waiting for staff)."""
        grace = self.router.session.safety_flagged
        self.watcher.arm_idle(self.timing.support_idle_ms if grace else self.timing.idle_ms)

    def _on_idle(self) -> None:
        if self.staff.isVisible():
            return  # the staff panel closes itself
        self.pin_pad.hide()
        ui = self.router.content.ui
        self.still_there.set_texts(ui.still_there_title, ui.still_there_body, ui.still_there_button)
        self.watcher.disarm_idle()
        self.still_there.start()
        if self.audio is not None:  # a patient who cannot see the warning must hear it
            self.audio.say(self.still_there.spoken_text())

    def _on_speaking(self, speaking: bool) -> None:
        """Speech is activity: a patient listening to a page is not idle. The wait starts
        again when the kiosk stops speaking."""
        if speaking:
            self.watcher.disarm_idle()
        elif self.router.current_name() != "attract" and not self._overlay_open():
            self._arm_idle()

    def _on_swipe(self, direction: int) -> None:
        if not self._overlay_open():
            self.router.swipe(direction)

    def _overlay_open(self) -> bool:
        return any(o.isVisible() for o in (self.still_there, self.pin_pad, self.staff))

    def _resume_idle(self) -> None:
        if self.router.current_name() != "attract":
            self._arm_idle()

    # --- staff ------------------------------------------------------------------------

    def _staff_texts(self) -> StaffStrings:
        """Staff read the clinic's own language, whichever one the last patient chose."""
        return self.router.pack.language().ui.staff

    def open_pin_pad(self) -> None:
        self.pin_pad.set_texts(self._staff_texts())
        self.pin_pad.open_pad()

    def open_staff_panel(self) -> None:
        self.watcher.disarm_idle()
        self.staff.set_texts(self._staff_texts())
        self.staff.open_panel(self.status())

    def set_staff_extras(
        self, health: Callable[[], str], usage_lines: Callable[[], list[str]]
    ) -> None:
        """What the staff panel shows besides alerts and content: the kiosk's health (as
        ``kiosk status`` says it) and the last days' usage counts."""
        self._health, self._usage_lines = health, usage_lines

    def status(self) -> StaffStatus:
        uptime = uptime_text(int(time.monotonic() - self._started))
        alerter = self.alerter
        return StaffStatus(
            kiosk_name=self.kiosk_name or self.router.pack.settings.kiosk_name,
            version=__version__,
            content_dir=printable(str(self._content_dir or self.router.pack.root.resolve())),
            uptime=uptime,
            content_problems=self.content_problems,
            alert_destinations=alerter.destination_labels() if alerter else [],
            alerts=_alert_lines(alerter) if alerter else [],
            unacknowledged_alerts=len(alerter.unacknowledged()) if alerter else 0,
            config_problems=self.config_problems,
            health=self._health() if self._health else "",
            usage=self._usage_lines() if self._usage_lines else [],
        )

    def _refresh_staff_panel(self) -> None:
        if self.staff.isVisible():
            self.staff.show_status(self.status())

    def send_test_alert(self) -> None:
        """The staff panel's "Send test alert": a marked test to every destination; the
        panel shows how each one answers."""
        if self.alerter is not None:
            self.alerter.send(Event.TEST)
        self.staff.show_status(self.status())

    def reload(self) -> None:
        """Load the content again; keep what is shown if the new content is broken."""
        try:
            pack = self._reload_content()
        except ContentErrors as exc:
            self.content_problems = [str(error) for error in exc.errors]
            log.warning("reloaded content has %d problems; keeping the old", len(exc.errors))
        except Exception as exc:  # noqa: BLE001 - a reload must never take the kiosk down
            self.content_problems = [f"{type(exc).__name__}: {exc}"]
            log.exception("reloading content failed")
        else:
            self.content_problems = []
            self.pending_pack = None
            self.router.replace_pack(pack)
            self._take_timeouts(pack)
            log.info("content reloaded from %s", pack.root)
        self.staff.show_status(self.status())

    def _staff_reset(self) -> None:
        self.staff.close_panel()
        self.reset("staff panel")
        self.toast.show_message(self._staff_texts().reset_done)

    def _acknowledge(self) -> None:
        if self.alerter is not None:
            self.alerter.acknowledge_all()
        self.staff.show_status(self.status())

    def exit_kiosk(self) -> None:
        log.info("kiosk closed from the staff panel")
        self.closing.emit()
        self.window.allow_close()
        self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


ALERTS_SHOWN = 12


def _alert_lines(alerter: StaffAlerter) -> list[str]:
    """The newest alerts, each with how every destination answered."""
    lines = []
    for record in reversed(alerter.records[-ALERTS_SHOWN:]):
        lines.append(printable(record.summary()))
        lines += [f"    {printable(d.describe())}" for d in record.destinations]
    return lines


def uptime_text(seconds: int) -> str:
    """How long the kiosk has run, as the staff panel says it: "2 d 3 h 5 min"."""
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    return f"{days} d {hours} h {rest // 60} min"
