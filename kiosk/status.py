"""Is the kiosk up? Its heartbeat, and what ``kiosk status`` makes of it. No Qt here.

Every few seconds, from its GUI event loop, the running kiosk writes a small status file
in its state folder (atomically): who it is, since when, and what is wrong. ``kiosk
status`` reads it from outside: **up**; **degraded**, with the reasons (broken content
with the last good copy shown, staff alerts not set up or failing, no speech engine, the
disk nearly full, the state folder not writable); or **down** (no kiosk, or no heartbeat
for 30 seconds: a frozen kiosk). Exit codes 0, 1, 2, for scripts and monitoring.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kiosk.paths import state_dir

STATUS_FILE = "status.json"
HEARTBEAT_MS = 10_000
STALE_AFTER_S = 30.0
DISK_NEARLY_FULL_BYTES = 200 * 1024 * 1024

UP, DEGRADED, DOWN = "up", "degraded", "down"
EXIT_CODES = {UP: 0, DEGRADED: 1, DOWN: 2}


@dataclass
class KioskStatus:
    """What the heartbeat says. Nothing about any patient."""

    pid: int
    version: str
    kiosk_name: str
    started: float  # seconds since the epoch
    written: float
    content_problems: int = 0
    content_version: str = ""
    alerts_configured: bool = False
    alerts_failed: int = 0
    speech_engine: str = ""
    schedule: str = "always open"
    memory_mb: float = 0.0
    sessions: int = 0
    usage_counting: bool = True
    clean_exit: bool = False
    exit_reason: str = ""  # how it was closed: "staff panel: Exit", "stopped by the system"
    notes: list[str] = field(default_factory=list)  # reasons the kiosk itself found


def status_paths(folder: Path | None = None) -> list[Path]:
    """Where the status file is written: the state folder, or (when that cannot be
    written) a private folder under the system's temporary folder."""
    state = folder or state_dir()
    # One fallback per state folder, so that two kiosks (or test runs) never mix.
    tag = hashlib.sha256(str(state.resolve()).encode()).hexdigest()[:10]
    fallback = Path(tempfile.gettempdir()) / f"ketamd-kiosk-{_user_id()}-{tag}" / STATUS_FILE
    return [state / STATUS_FILE, fallback]


def _user_id() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")


def write_status(status: KioskStatus, folder: Path | None = None) -> Path | None:
    """Write ``status`` atomically; the path written, or None when nowhere could be."""
    from kiosk.pin import write_private  # atomic, never through a link

    text = json.dumps(asdict(status))
    primary, fallback = status_paths(folder)
    try:
        write_private(primary, text)
    except OSError:
        status.notes = [*status.notes, f"the state folder {primary.parent} cannot be written"]
        with contextlib.suppress(OSError):
            fallback.parent.mkdir(mode=0o700, exist_ok=True)
            write_private(fallback, json.dumps(asdict(status)))
            return fallback
        return None
    with contextlib.suppress(OSError):
        fallback.unlink()  # an old one must not outlive a healthy state folder
    return primary


def read_status(folder: Path | None = None) -> KioskStatus | None:
    """The newest status written, or None when there is none (or it cannot be read)."""
    found: list[KioskStatus] = []
    for path in status_paths(folder):
        with contextlib.suppress(OSError, ValueError, TypeError):
            found.append(KioskStatus(**json.loads(path.read_text(encoding="utf-8"))))
    return max(found, key=lambda status: status.written, default=None)


def process_running(pid: int) -> bool:
    import psutil  # only when asked: a status check, not the kiosk's start-up

    try:
        process = psutil.Process(pid)
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def assess(
    status: KioskStatus | None,
    now: float | None = None,
    running: Callable[[int], bool] = process_running,
    disk_free: Callable[[], int] | None = None,
) -> tuple[str, list[str]]:
    """(up / degraded / down, the reasons)."""
    now = time.time() if now is None else now
    if status is None:
        return DOWN, ["no kiosk has written a status here"]
    if status.clean_exit:
        return DOWN, [f"the kiosk was closed ({status.exit_reason or 'staff panel: Exit'})"]
    if not running(status.pid):
        return DOWN, [f"the kiosk is not running (process {status.pid} has ended)"]
    silent = now - status.written
    if silent > STALE_AFTER_S:
        return DOWN, [f"frozen: no heartbeat for {silent:.0f} s (process {status.pid})"]
    reasons = list(status.notes)
    if status.content_problems:
        reasons.append(
            f"the content has {status.content_problems} problems: the last good copy is shown"
        )
    if not status.alerts_configured:
        reasons.append("staff alerts are not set up: patients are sent to the front desk")
    if status.alerts_failed:
        reasons.append(f"{status.alerts_failed} staff alerts reached no one")
    if not status.speech_engine:
        reasons.append("no speech engine: Read aloud is hidden")
    if not status.usage_counting:
        reasons.append("usage counts cannot be written")
    free = disk_free() if disk_free is not None else _disk_free()
    if free is not None and free < DISK_NEARLY_FULL_BYTES:
        reasons.append(f"the disk is nearly full ({free // 2**20} MiB free)")
    return (DEGRADED if reasons else UP), reasons


def _disk_free() -> int | None:
    folder = state_dir()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def metrics_text(status: KioskStatus, state: str, now: float | None = None) -> str:
    """The Prometheus text format of ``status`` (for node_exporter's textfile collector)."""
    now = time.time() if now is None else now
    kiosk = status.kiosk_name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    labels = f'{{kiosk="{kiosk}"}}'
    metrics = [
        ("kiosk_up", "gauge", "1 while the kiosk runs and its heartbeat is fresh",
         1 if state != DOWN else 0),
        ("kiosk_degraded", "gauge", "1 when the kiosk runs with a problem (see kiosk status)",
         1 if state == DEGRADED else 0),
        ("kiosk_uptime_seconds", "gauge", "seconds since the kiosk started",
         round(now - status.started)),
        ("kiosk_content_ok", "gauge", "1 when the clinic's content is valid and shown",
         0 if status.content_problems else 1),
        ("kiosk_alerts_configured", "gauge", "1 when staff alerts have a destination",
         1 if status.alerts_configured else 0),
        ("kiosk_alerts_failed_total", "counter", "staff alerts that reached no one",
         status.alerts_failed),
        ("kiosk_sessions_total", "counter", "patient sessions since the kiosk started",
         status.sessions),
        ("kiosk_open", "gauge", "1 within opening hours", 0 if status.schedule == "closed" else 1),
        ("kiosk_memory_bytes", "gauge", "resident memory of the kiosk process",
         round(status.memory_mb * 2**20)),
        ("kiosk_heartbeat_timestamp_seconds", "gauge", "when the kiosk last wrote its status",
         round(status.written)),
    ]  # fmt: skip
    lines = []
    for name, kind, help_text, value in metrics:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name}{labels} {value}"]
    return "\n".join(lines) + "\n"


def write_metrics(path: Path, text: str) -> None:
    """Replace ``path`` atomically, readable by the exporter (no patient data in it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
