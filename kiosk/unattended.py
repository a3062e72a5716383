"""What a kiosk left alone for months needs, put together for the running app.

Each piece is its own feature listening to the router and the guard: opening hours
(:mod:`kiosk.opening_hours`), usage counts (:mod:`kiosk.usage_watch`) and the heartbeat
with its status file, metrics, health notices and memory ceiling (:mod:`kiosk.heartbeat`).
This module only connects them; none of them is known to the router.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kiosk.alerts import StaffAlerter
from kiosk.audio import AudioMode
from kiosk.guard import KioskGuard
from kiosk.heartbeat import Heartbeat, Readings
from kiosk.model import MachineConfig
from kiosk.opening_hours import OpeningHours
from kiosk.router import Router
from kiosk.usage import summary_lines
from kiosk.usage_watch import UsageWatch, open_counts

log = logging.getLogger(__name__)

STAFF_PANEL_DAYS = 7


@dataclass
class Unattended:
    opening_hours: OpeningHours
    usage: UsageWatch
    heartbeat: Heartbeat


def keep_unattended(
    router: Router,
    guard: KioskGuard,
    alerter: StaffAlerter,
    config: MachineConfig,
    kiosk_name: str,
) -> Unattended:
    """Start opening hours, usage counts and the heartbeat for the running kiosk."""
    hours = OpeningHours(router)
    usage = UsageWatch(router, open_counts())
    guard.reset_done.connect(usage.reset_done)
    audio = router.findChild(AudioMode)

    def readings() -> Readings:
        return Readings(
            kiosk_name=kiosk_name,
            content_problems=len(guard.content_problems),
            content_version=router.pack.root.name,
            speech_engine=audio.reader.engine() if audio is not None else "",
            schedule=hours.state(),
            sessions=usage.sessions,
            usage_counting=usage.working,
            safe_to_restart=hours.closed or guard.safe_to_restart(),
        )

    def restart(code: int) -> None:
        guard.window.allow_close()
        guard.exit_process(code)

    heartbeat = Heartbeat(
        guard,
        readings,
        alerter,
        metrics_file=Path(config.metrics_textfile) if config.metrics_textfile else None,
        memory_limit_mb=config.memory_limit_mb,
        health_notices=config.health_notices,
        daily_all_well=config.daily_all_well,
        restart=restart,
    )
    guard.closing.connect(lambda: heartbeat.stopped_cleanly("staff panel: Exit"))
    guard.set_staff_extras(heartbeat.health_line, lambda: _last_days(usage))
    return Unattended(hours, usage, heartbeat)


def _last_days(usage: UsageWatch) -> list[str]:
    if usage.counts is None:
        return ["usage counts are off (the state folder cannot be written)"]
    since = date.today() - timedelta(days=STAFF_PANEL_DAYS - 1)
    try:
        return summary_lines(usage.counts.totals(since))
    except Exception as exc:  # noqa: BLE001 - the panel must open whatever the database says
        log.warning("usage counts cannot be read: %s", exc)
        return ["usage counts cannot be read just now"]
