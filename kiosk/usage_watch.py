"""Counting use from the patient's way, as it happens: a feature that only listens.

:class:`UsageWatch` subscribes to what the router, the access bar, audio mode and the
guard announce, and adds one to a day's count in :class:`kiosk.usage.UsageCounts`. Within
one session each thing counts once (a patient paging back and forth through a topic is
one topic viewed). It keeps nothing about a patient: no answers, no scores, no times.
Counting must never trouble the kiosk: when the database cannot be written, counts are
dropped, the status says so, and the patient notices nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject

from kiosk import usage
from kiosk.audio import AudioMode
from kiosk.router import Router
from kiosk.usage import UsageCounts

log = logging.getLogger(__name__)


class UsageWatch(QObject):
    def __init__(
        self,
        router: Router,
        counts: UsageCounts | None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(router)
        self.router = router
        self.counts = counts
        self.today = today
        self.sessions = 0  # since the kiosk started (the metrics' counter)
        self._in_session = False
        self._last = router.current_name()
        self._counted: set[str] = set()  # what this session has counted already
        self._forgotten_on: date | None = None
        self._forget_old_rows()
        router.navigated.connect(self._navigated)
        router.talk_requested.connect(lambda: self._add(usage.TALK_REQUESTED, once=False))
        router.session_ended.connect(self._session_ended)
        bar = router.window.access_bar
        bar.larger_text_toggled.connect(self._when_on(usage.LARGER_TEXT))
        bar.high_contrast_toggled.connect(self._when_on(usage.HIGH_CONTRAST))
        audio = router.findChild(AudioMode)
        if audio is not None:
            audio.active_changed.connect(self._when_on(usage.READ_ALOUD))

    def _when_on(self, name: str) -> Callable[[bool], None]:
        """A slot for a toggle: counts ``name`` when it is turned on."""

        def toggled(on: bool) -> None:
            if on:
                self._add(name)

        return toggled

    def reset_done(self, reason: str) -> None:
        """The guard reset a session; one from idleness is counted."""
        if reason == "idle timeout":
            self.idle_reset()

    @property
    def working(self) -> bool:
        return self.counts is not None

    def idle_reset(self) -> None:
        """The kiosk went back to its attract loop because nobody was there."""
        self._add(usage.IDLE_RESETS, once=False)

    def _navigated(self, name: str) -> None:
        came_from, self._last = self._last, name
        if name == "attract":
            return
        # A session begins when someone leaves the attract loop, or (after a Done put
        # them back at the home menu) when someone opens something again.
        if not self._in_session and (came_from == "attract" or name != "home"):
            self._in_session = True
            self.sessions += 1
            self._add(usage.SESSIONS, once=False)
        if self._in_session:  # a language chosen shows its screen again: counted here
            self._add(usage.language(self.router.language))
        screen_id, _, step = name.partition(":")
        if name == "home":
            return
        if step == "question":
            self._add(usage.check_started(screen_id))
        elif step == "result":
            self._add(usage.check_finished(screen_id))
        elif step == "support":
            self._add(usage.SUPPORT_SHOWN)
        elif not step:
            self._add(usage.topic(screen_id))

    def _session_ended(self) -> None:
        # A patient who pressed Done is back at the home menu: what they do next is a
        # new session, counted when they leave it (or not, if they walk away).
        self._in_session = False
        self._counted.clear()

    def _add(self, name: str, once: bool = True) -> None:
        if once:
            if name in self._counted:
                return
            self._counted.add(name)
        if self.counts is None:
            return
        day = self.today()
        if self._forgotten_on != day:
            self._forget_old_rows()
        try:
            self.counts.add(name, day)
        except (sqlite3.Error, OSError) as exc:
            log.warning("usage counts cannot be written (%s); counting stops", exc)
            self.counts = None

    def _forget_old_rows(self) -> None:
        if self.counts is None:
            return
        day = self.today()
        self._forgotten_on = day
        try:
            self.counts.forget_before(day)
        except (sqlite3.Error, OSError) as exc:
            log.warning("old usage counts cannot be deleted (%s); counting stops", exc)
            self.counts = None


def open_counts() -> UsageCounts | None:
    """The state folder's usage database, or None (and a log line) when it cannot be
    opened: the kiosk then runs without counting."""
    try:
        return UsageCounts()
    except (sqlite3.Error, OSError) as exc:
        log.warning("usage counts are off: %s", exc)
        return None
