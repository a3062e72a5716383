"""Many random interactions in one process, counting what a kiosk must not accumulate.

Used by ``python -m bench soak`` (50,000 interactions) and by the test suite (a short run).
Every interaction is what a patient, the idle timer, staff or an editor does: taps on
visible buttons, swipes, whole self-checks, idle resets, content reloads, language
switches. Afterwards the number of live widgets and running timers must not have grown,
and the resident memory may grow by a few megabytes at most.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractAnimation, QEvent, QObject, QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QPointingDevice  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication  # noqa: E402

from kiosk.app import build_ui  # noqa: E402
from kiosk.guard import GuardTiming, KioskGuard  # noqa: E402
from kiosk.loader import load_pack  # noqa: E402
from kiosk.paths import bundled_content_dir  # noqa: E402
from kiosk.router import Router, Timing  # noqa: E402
from kiosk.speech import Reader  # noqa: E402


@dataclass
class Census:
    """What is alive in the app at one moment."""

    widgets: int
    objects: int
    active_timers: int
    running_animations: int
    rss_kib: int | None

    def growth_over(self, before: Census) -> dict[str, int]:
        return {
            "widgets": self.widgets - before.widgets,
            "objects": self.objects - before.objects,
            "active_timers": self.active_timers - before.active_timers,
            "running_animations": self.running_animations - before.running_animations,
        }


def rss_kib() -> int | None:
    """Resident memory of this process (Linux; None elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def settle(app: QApplication) -> None:
    """What one turn of the event loop does, including deleting deleteLater()'d objects
    (processEvents alone never does: the kiosk's real event loop does)."""
    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def census(root: QObject) -> Census:
    gc.collect()
    settle(QApplication.instance())  # type: ignore[arg-type]
    objects = root.findChildren(QObject)
    return Census(
        widgets=len(QApplication.allWidgets()),
        objects=len(objects),
        active_timers=sum(1 for o in objects if isinstance(o, QTimer) and o.isActive()),
        running_animations=sum(
            1
            for o in objects
            if isinstance(o, QAbstractAnimation) and o.state() == QAbstractAnimation.State.Running
        ),
        rss_kib=rss_kib(),
    )


@dataclass
class SoakResult:
    interactions: int
    counts: dict[str, int]
    before: Census
    after: Census

    @property
    def rss_growth_kib(self) -> int | None:
        if self.before.rss_kib is None or self.after.rss_kib is None:
            return None
        return self.after.rss_kib - self.before.rss_kib


class Soak:
    """A kiosk window with its guard, driven by a seeded random stream of interactions."""

    def __init__(self, seed: int = 7, size: tuple[int, int] = (1280, 800)) -> None:
        self.app = QApplication.instance() or QApplication([])
        self.random = random.Random(seed)
        self._folder = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
        self.pack_dir = self._folder / "pack"
        shutil.copytree(bundled_content_dir(), self.pack_dir)
        os.environ.setdefault("KIOSK_STATE_DIR", str(self._folder / "state"))
        os.environ.setdefault("KIOSK_LOG_DIR", str(self._folder / "log"))
        self.window, self.router = build_ui(
            load_pack(self.pack_dir),
            Timing(slide_ms=3_600_000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=0),
            reader=Reader(engine="mock"),
        )
        self.guard = KioskGuard(
            self.router,
            GuardTiming(idle_ms=3_600_000, warning_ms=3_600_000),
            kiosk_mode=True,
            reload_content=lambda: load_pack(self.pack_dir),
        )
        self.window.resize(*size)
        self.window.show()
        self.device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
        self.counts: dict[str, int] = {}
        self.actions: list[tuple[int, Callable[[], None]]] = [
            (60, self.tap_a_button),
            (10, self.swipe),
            (6, self.whole_check),
            (6, self.idle_reset),
            (3, self.switch_language),
            (2, self.toggle_access),
            (1, self.reload_content),
        ]

    def close(self) -> None:
        self.guard.shutdown()
        self.window.deleteLater()
        self.app.processEvents()
        shutil.rmtree(self._folder, ignore_errors=True)

    # --- interactions ---------------------------------------------------------------------

    def _tap(self, widget: QAbstractButton) -> None:
        where = widget.mapTo(self.window, widget.rect().center())
        QTest.touchEvent(self.window, self.device).press(0, where, self.window).commit()
        QTest.touchEvent(self.window, self.device).release(0, where, self.window).commit()

    def _visible_buttons(self) -> list[QAbstractButton]:
        current = self.window.stack.currentWidget()
        buttons = [b for b in current.findChildren(QAbstractButton) if b.isVisibleTo(self.window)]
        # The staff Exit would end the soak; everything else is fair game.
        return [b for b in buttons if b.objectName() != "staff-exit"]

    def tap_a_button(self) -> None:
        if self.router.current_name() == "attract":
            self._tap_point(self.window.rect().center())
            return
        buttons = self._visible_buttons()
        if buttons:
            self._tap(self.random.choice(buttons))

    def _tap_point(self, where: QPoint) -> None:
        QTest.touchEvent(self.window, self.device).press(0, where, self.window).commit()
        QTest.touchEvent(self.window, self.device).release(0, where, self.window).commit()

    def swipe(self) -> None:
        y = self.window.height() // 2
        start, end = QPoint(self.window.width() * 3 // 4, y), QPoint(self.window.width() // 5, y)
        if self.random.random() < 0.5:
            start, end = end, start
        QTest.touchEvent(self.window, self.device).press(0, start, self.window).commit()
        QTest.touchEvent(self.window, self.device).move(0, end, self.window).commit()
        QTest.touchEvent(self.window, self.device).release(0, end, self.window).commit()

    def whole_check(self) -> None:
        router: Router = self.router
        router.open_screen(self.random.choice(["phq9", "quick-check"]))
        self._tap(router.check_intro.start_button)
        for _ in range(40):
            if router.window.stack.currentWidget() is not router.question:
                break
            self._tap(self.random.choice(router.question.answer_buttons))
        if router.window.stack.currentWidget() is router.support:
            self._tap(router.support.continue_button)
        if router.window.stack.currentWidget() is router.result:
            self._tap(router.result.done_button)

    def idle_reset(self) -> None:
        self.guard.reset("soak idle timeout")

    def switch_language(self) -> None:
        if self.router.current_name() != "attract":
            self._tap(self.window.access_bar.language)

    def toggle_access(self) -> None:
        if self.router.current_name() != "attract":
            self._tap(
                self.random.choice(
                    [self.window.access_bar.larger_text, self.window.access_bar.high_contrast]
                )
            )

    def reload_content(self) -> None:
        self.guard.reload()

    def step(self) -> None:
        weights = [w for w, _ in self.actions]
        _, action = self.random.choices(self.actions, weights=weights)[0]
        self.counts[action.__name__] = self.counts.get(action.__name__, 0) + 1
        action()
        settle(self.app)

    def visit_everything(self) -> None:
        """Every screen once, so that later growth is not just first-time construction."""
        from kiosk.gallery import _go, screen_states

        for language in self.router.pack.languages:
            for _, name, page in screen_states(self.router.pack, language):
                self.router.set_language(language)
                _go(self.router, name, page)
                settle(self.app)

    def run(self, interactions: int, warmup: int = 300) -> SoakResult:
        self.visit_everything()
        for _ in range(warmup):
            self.step()
        self.guard.reset("soak warm-up done")
        before = census(self.window)
        self.counts = {}
        for _ in range(interactions):
            self.step()
        self.guard.reset("soak done")
        after = census(self.window)
        return SoakResult(interactions, dict(self.counts), before, after)
