"""Usage counts a clinic can show its board, with no patient data. No Qt here.

One SQLite table of counts **per day**: how many sessions, which topics were opened,
which language, larger text, high contrast, read aloud, self-checks started and finished
(per instrument), support screens shown, "talk to someone" taps, idle resets. Never a row
per session, never a time of day, nothing about answers or scores. Rows older than 400
days are deleted. In a CSV export, any count from 1 to 4 is written "<5", so that a rare
event on a quiet day cannot point to a person.
"""

from __future__ import annotations

import contextlib
import csv
import io
import sqlite3
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from kiosk.paths import state_dir

USAGE_FILE = "usage.sqlite3"
KEEP_DAYS = 400
SMALL = 5  # counts below this (and above 0) are not shown exactly in exports

SESSIONS = "sessions"
IDLE_RESETS = "idle resets"
SUPPORT_SHOWN = "support screen shown"
TALK_REQUESTED = "talk to someone"
LARGER_TEXT = "larger text"
HIGH_CONTRAST = "high contrast"
READ_ALOUD = "read aloud"


def topic(screen_id: str) -> str:
    return f"topic {screen_id}"


def language(code: str) -> str:
    return f"language {code}"


def check_started(instrument: str) -> str:
    return f"check started {instrument}"


def check_finished(instrument: str) -> str:
    return f"check finished {instrument}"


class UsageCounts:
    """Counts per day in ``usage.sqlite3`` in the state folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or state_dir()) / USAGE_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS counts ("
                " day TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL,"
                " PRIMARY KEY (day, name))"
            )
        with contextlib.suppress(OSError):
            self.path.chmod(0o600)

    def add(self, name: str, day: date) -> None:
        """One more ``name`` on ``day``."""
        with self._db:
            self._db.execute(
                "INSERT INTO counts (day, name, count) VALUES (?, ?, 1)"
                " ON CONFLICT (day, name) DO UPDATE SET count = count + 1",
                (day.isoformat(), name),
            )

    def forget_before(self, today: date) -> int:
        """Delete rows older than :data:`KEEP_DAYS`; the number deleted."""
        cutoff = (today - timedelta(days=KEEP_DAYS)).isoformat()
        with self._db:
            return self._db.execute("DELETE FROM counts WHERE day < ?", (cutoff,)).rowcount

    def rows(self, since: date) -> list[tuple[str, str, int]]:
        """(day, name, count) from ``since`` on, by day then name."""
        return list(
            self._db.execute(
                "SELECT day, name, count FROM counts WHERE day >= ? ORDER BY day, name",
                (since.isoformat(),),
            )
        )

    def totals(self, since: date) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for _, name, count in self.rows(since):
            totals[name] += count
        return dict(sorted(totals.items()))

    def close(self) -> None:
        self._db.close()


def shown(count: int) -> str:
    """A count as exported: exact from 5 up, "<5" from 1 to 4."""
    return f"<{SMALL}" if 0 < count < SMALL else str(count)


def to_csv(rows: list[tuple[str, str, int]]) -> str:
    """``day,name,count`` lines, small counts suppressed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "what", "count"])
    for day, name, count in rows:
        writer.writerow([day, name, shown(count)])
    return out.getvalue()


def summary_lines(totals: dict[str, int]) -> list[str]:
    """``name: count`` lines, sessions first (for the staff panel and ``kiosk stats``)."""
    if not totals:
        return ["nothing counted yet"]
    first = [SESSIONS] if SESSIONS in totals else []
    rest = [name for name in totals if name != SESSIONS]
    return [f"{name}: {totals[name]}" for name in first + rest]
