"""Months unattended: opening hours, burn-in care, the heartbeat and ``kiosk status``,
health notices, metrics, usage counts, slides long enough to read, the memory ceiling.

Every clock is injected: nothing here waits for real minutes to pass.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from PySide6.QtWidgets import QAbstractButton

from kiosk import usage
from kiosk.alerts import DeliveryState, Event, StaffAlerter
from kiosk.guard import KioskGuard
from kiosk.heartbeat import EXIT_RESTART, Heartbeat, Readings
from kiosk.loader import load_pack
from kiosk.opening_hours import OpeningHours
from kiosk.pin import PinGuard
from kiosk.status import (
    DEGRADED,
    DOWN,
    UP,
    KioskStatus,
    assess,
    metrics_text,
    read_status,
    write_status,
)
from kiosk.usage import UsageCounts, to_csv
from kiosk.usage_watch import UsageWatch
from kiosk.views.burn_in import SHIFT_PX, PixelShift

from .helpers import tap
from .receivers import Deliveries, refused_address
from .test_alerts import alerter_for, json_address
from .test_guard import CALM, FAST
from .test_schedule import local
from .webhook import webhook_server

# --- opening hours on the screen ----------------------------------------------------------


class Clock:
    def __init__(self, start: str) -> None:
        self.now = local(start)

    def __call__(self) -> datetime:
        return self.now

    def set(self, text: str) -> None:
        self.now = local(text)


@pytest.fixture
def scheduled(kiosk_ui, private_state: Path, edit, pack_copy: Path):  # type: ignore[no-untyped-def]
    """A guarded kiosk with Monday 08:00-18:00 hours, an injected clock, and a record of
    what the display was asked to do."""
    guards: list[KioskGuard] = []

    def _build(  # type: ignore[no-untyped-def]
        closed_mode: str = "night", wake_on_touch: bool = True, start: str = "2026-11-30 17:50"
    ):
        edit(
            "settings.yaml",
            "# Read aloud:",
            f'schedule:\n  open:\n    mon: ["08:00-18:00"]\n  closed_mode: {closed_mode}\n'
            f"  wake_on_touch: {str(wake_on_touch).lower()}\n\n# Read aloud:",
        )
        window, router = kiosk_ui(content=load_pack(pack_copy))
        guard = KioskGuard(
            router,
            CALM,  # a test that wants the idle reset shortens the waits after its set-up
            kiosk_mode=True,
            reload_content=lambda: load_pack(pack_copy),
            pin_guard=PinGuard(private_state),
            has_pin=lambda: False,
        )
        guards.append(guard)
        clock = Clock(start)
        display: list[bool] = []
        opening = OpeningHours(
            router, clock=clock, check_ms=3_600_000, display_sleep=display.append
        )
        return window, router, guard, opening, clock, display

    yield _build
    for guard in guards:
        guard.shutdown()


def _start_phq9(router) -> None:  # type: ignore[no-untyped-def]
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)


def test_closing_time_darkens_an_idle_kiosk_and_opening_time_lights_it(scheduled) -> None:  # type: ignore[no-untyped-def]
    window, router, _guard, opening, clock, display = scheduled()
    opening.check()
    assert not opening.closed
    assert opening.state() == "open"
    clock.set("2026-11-30 18:00")
    opening.check()
    assert opening.closed
    assert opening.state() == "closed"
    assert opening.night.isVisible()
    assert not router.attract.is_cycling(), "slides keep changing on a dark screen"
    assert display == [], "closed_mode: night leaves the display on"
    clock.set("2026-12-07 08:00")  # next Monday
    opening.check()
    assert not opening.closed
    assert not opening.night.isVisible()
    assert router.current_name() == "attract"
    assert router.attract.is_cycling()


def test_a_kiosk_started_outside_opening_hours_starts_dark(scheduled, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, _router, _guard, opening, _clock, _ = scheduled(start="2026-11-30 19:00")
    qtbot.waitUntil(opening.night.isVisible, timeout=2000)  # no half-minute wait
    assert opening.state() == "closed"


def test_the_kiosk_never_closes_in_the_middle_of_a_session(scheduled, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, opening, clock, _ = scheduled()
    _start_phq9(router)
    tap(router.question.answer_buttons[1])
    clock.set("2026-11-30 18:05")
    opening.check()
    assert not opening.closed
    assert not opening.night.isVisible()
    tap(router.question.answer_buttons[0])  # the patient goes on answering
    assert router.session.check is not None
    # They walk away: the idle warning, the reset to the attract loop, then the night.
    guard.set_timing(FAST)
    qtbot.waitUntil(lambda: opening.closed, timeout=5000)
    assert router.session.check is None
    assert opening.night.isVisible()


def test_a_touch_on_the_dark_screen_shows_the_home_menu_until_left_alone(scheduled, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, router, guard, opening, clock, display = scheduled(closed_mode="off")
    clock.set("2026-11-30 21:00")
    opening.check()
    assert opening.closed
    assert display == [True]
    tap(opening.night)
    assert not opening.night.isVisible()
    assert router.current_name() == "home"
    assert display == [True, False], "the display wakes with the touch"
    opening.check()  # the half-minute check while someone reads the menu
    assert not opening.night.isVisible()
    guard.set_timing(FAST)  # then they walk away
    qtbot.waitUntil(opening.night.isVisible, timeout=5000)  # idle → attract → night
    assert display == [True, False, True]


def test_without_wake_on_touch_the_dark_screen_stays_dark(scheduled) -> None:  # type: ignore[no-untyped-def]
    window, router, _guard, opening, clock, _ = scheduled(wake_on_touch=False)
    clock.set("2026-11-30 19:00")
    opening.check()
    tap(opening.night)
    assert opening.night.isVisible()
    assert router.current_name() == "attract"


def test_the_night_screen_is_near_black_and_its_name_moves(scheduled) -> None:  # type: ignore[no-untyped-def]
    window, _router, _guard, opening, clock, _ = scheduled()
    clock.set("2026-11-30 23:00")
    opening.check()
    picture = window.grab().toImage()
    brightest = max(
        picture.pixelColor(x, y).lightness()
        for x in range(0, picture.width(), 7)
        for y in range(0, picture.height(), 7)
    )
    assert brightest <= 48, f"a pixel of lightness {brightest} glows all night"
    spots = set()
    for _ in range(9):
        opening.night.drift()
        opening.night.layout().activate()
        spots.add(opening.night.card.geometry().topLeft().toTuple())
    assert len(spots) == 9, "the clinic's name must not stay on the same pixels all night"


def test_burn_in_care_moves_everything_by_a_few_pixels(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    router.show_home()
    shift = PixelShift(window, every_ms=3_600_000)
    seen = set()
    for _ in range(9):
        shift.shift()
        window.layout().activate()
        seen.add(window.access_bar.geometry().topLeft().toTuple())
        left, top = shift.offset
        assert 0 <= left <= SHIFT_PX
        assert 0 <= top <= SHIFT_PX
    assert len(seen) == 9, "the access bar must not stay on the same pixels"


# --- status, heartbeat, health notices, metrics ---------------------------------------------


def _status(**changes: object) -> KioskStatus:
    now = time.time()
    fields: dict[str, object] = {
        "pid": os.getpid(),
        "version": "1",
        "kiosk_name": "Front room",
        "started": now - 100,
        "written": now,
        "alerts_configured": True,
        "speech_engine": "speechd",
    }
    fields.update(changes)
    return KioskStatus(**fields)  # type: ignore[arg-type]


def test_assess_names_every_reason_to_worry() -> None:
    plenty = lambda: 10**12  # noqa: E731
    assert assess(_status(), disk_free=plenty) == (UP, [])
    state, reasons = assess(
        _status(content_problems=3, alerts_configured=False, speech_engine=""),
        disk_free=lambda: 50 * 2**20,
    )
    assert state == DEGRADED
    joined = " | ".join(reasons)
    for words in ("3 problems", "not set up", "no speech engine", "nearly full (50 MiB"):
        assert words in joined
    assert assess(None)[0] == DOWN
    assert assess(_status(clean_exit=True))[0] == DOWN
    stale = _status(written=time.time() - 31)
    assert assess(stale, disk_free=plenty)[1][0].startswith("frozen: no heartbeat for 31 s")


def _run_status(state_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_STATE_DIR": str(state_dir)}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "status", *extra],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_kiosk_status_exit_codes(private_state: Path) -> None:
    nothing = _run_status(private_state)
    assert nothing.returncode == 2
    assert nothing.stdout.startswith("down")
    write_status(_status(alerts_configured=False), private_state)
    degraded = _run_status(private_state)
    assert degraded.returncode == 1, degraded.stdout
    assert "staff alerts are not set up" in degraded.stdout
    write_status(_status(), private_state)
    up = _run_status(private_state, "--json")
    assert up.returncode == 0, up.stdout
    assert json.loads(up.stdout)["state"] == "up"


@pytest.fixture(params=["--windowed"])
def real_kiosk(request: pytest.FixtureRequest, tmp_path: Path, private_state: Path):  # type: ignore[no-untyped-def]
    """The real kiosk in its own process (offscreen; windowed unless a test asks for the
    full-screen kiosk), stopped at the end."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_STATE_DIR": str(private_state),
        "KIOSK_LOG_DIR": str(tmp_path / "log"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *([request.param] if request.param else [])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.send_signal(signal.SIGCONT)
    process.kill()
    process.wait(timeout=30)


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="SIGSTOP is POSIX")
def test_a_kiosk_frozen_with_sigstop_is_reported_down(
    real_kiosk: subprocess.Popen[bytes], private_state: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: read_status(private_state) is not None, timeout=30_000)
    first = read_status(private_state)
    assert first is not None
    assert first.pid == real_kiosk.pid
    assert assess(first)[0] != DOWN, "a kiosk that has just started is not down"
    real_kiosk.send_signal(signal.SIGSTOP)
    frozen = read_status(private_state)
    assert frozen is not None
    # The process is still there, but its heartbeat is old: 31 s later it is "down".
    state, reasons = assess(frozen, now=frozen.written + 31)
    assert state == DOWN
    assert reasons[0].startswith("frozen"), reasons
    # From outside, with the file's time moved back instead of waiting half a minute:
    frozen.written -= 31
    write_status(frozen, private_state)
    result = _run_status(private_state)
    assert result.returncode == 2
    assert "frozen: no heartbeat" in result.stdout, result.stdout
    # Awake again, the kiosk beats and is back.
    real_kiosk.send_signal(signal.SIGCONT)
    qtbot.waitUntil(
        lambda: (read_status(private_state) or frozen).written > frozen.written + 31,
        timeout=30_000,
    )
    assert _run_status(private_state).returncode in (0, 1)
    real_kiosk.kill()
    real_kiosk.wait(timeout=30)
    gone = _run_status(private_state)
    assert gone.returncode == 2
    assert "not running" in gone.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is how POSIX services stop")
@pytest.mark.parametrize("real_kiosk", [""], indirect=True)  # full screen: it refuses to close
def test_a_kiosk_stopped_by_the_system_closes_cleanly_and_says_so(
    real_kiosk: subprocess.Popen[bytes], private_state: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: read_status(private_state) is not None, timeout=30_000)
    real_kiosk.terminate()  # what systemd does on `systemctl stop` and at shutdown
    assert real_kiosk.wait(timeout=30) == 0
    closed = read_status(private_state)
    assert closed is not None
    assert closed.clean_exit, "a stop by the system must not read as a crash on the next start"
    result = _run_status(private_state)
    assert result.returncode == 2
    assert "closed (stopped by the system)" in result.stdout, result.stdout


def test_an_unwritable_state_folder_degrades_the_status_and_stops_nothing(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be", encoding="utf-8")
    status = _status()
    written = write_status(status, blocked)
    assert written is not None
    assert written.parent != blocked
    found = read_status(blocked)
    assert found is not None
    state, reasons = assess(found, disk_free=lambda: 10**12)
    assert state == DEGRADED
    assert any("cannot be written" in reason for reason in reasons)


def _readings(**changes: object) -> Readings:
    fields: dict[str, object] = {
        "kiosk_name": "Front room",
        "content_problems": 0,
        "content_version": "abc",
        "speech_engine": "mock",
        "schedule": "always open",
        "sessions": 4,
        "usage_counting": True,
        "safe_to_restart": False,
    }
    fields.update(changes)
    return Readings(**fields)  # type: ignore[arg-type]


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_heartbeat_writes_status_and_a_metrics_file_prometheus_can_read(
    qtbot, private_state: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    parent = _parent(qtbot)
    metrics = tmp_path / "textfile" / "kiosk.prom"
    beat = Heartbeat(
        parent,
        _readings,
        None,
        metrics_file=metrics,
        memory_mb=lambda: 150.0,
        interval_ms=3_600_000,
    )
    beat.beat()
    status = read_status(private_state)
    assert status is not None
    assert status.sessions == 4
    assert status.memory_mb == 150.0
    families = {
        f.name: f for f in text_string_to_metric_families(metrics.read_text(encoding="utf-8"))
    }
    values = {f.name: f.samples[0].value for f in families.values()}
    assert values["kiosk_up"] == 1
    assert values["kiosk_content_ok"] == 1
    assert values["kiosk_sessions"] == 4  # the parser names counters without _total
    assert families["kiosk_sessions"].type == "counter"
    assert values["kiosk_alerts_failed"] == 0
    assert values["kiosk_memory_bytes"] == 150 * 2**20
    assert families["kiosk_up"].samples[0].labels == {"kiosk": "Front room"}
    assert oct(metrics.stat().st_mode & 0o777) == "0o644"


def test_metrics_labels_survive_quotes_and_backslashes() -> None:
    text = metrics_text(_status(kiosk_name='Room "A" \\ 2'), UP)
    family = next(iter(text_string_to_metric_families(text)))
    assert family.samples[0].labels == {"kiosk": 'Room "A" \\ 2'}


def _parent(qtbot):  # type: ignore[no-untyped-def]
    """A widget for a heartbeat to belong to, alive until the test ends."""
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)  # closed and deleted after the test
    qtbot._kept = [*getattr(qtbot, "_kept", []), widget]  # qtbot's own reference is weak
    return widget


def _health_records(alerter: StaffAlerter) -> list[object]:
    return [record for record in alerter.records if record.event is Event.HEALTH]


def test_health_notices_say_a_crash_broken_content_and_failing_alerts_once_an_hour(
    qtbot, private_state: Path
) -> None:  # type: ignore[no-untyped-def]
    # A kiosk that died without a clean exit left its last status behind.
    write_status(_status(pid=2**22 + 12345, written=time.time() - 600), private_state)
    clock = FakeTime()
    with webhook_server() as (url, received):
        alerter = alerter_for(json_address(url))
        deliveries = Deliveries(alerter)
        beat = Heartbeat(
            _parent(qtbot),
            lambda: _readings(content_problems=2),
            alerter,
            clock=clock,
            memory_mb=lambda: 100.0,
            interval_ms=3_600_000,
        )
        assert len(_health_records(alerter)) == 1
        beat.beat()
        beat.beat()
        assert len(_health_records(alerter)) == 2, "once, not every 10 seconds"
        clock.now += 3601
        beat.beat()
        assert len(_health_records(alerter)) == 3, "again after an hour"
        assert deliveries.wait_for(lambda: len(received.bodies) == 3)
    messages = "\n".join(body["message"] for body in received.bodies)  # in any order
    assert messages.count("started again after it stopped unexpectedly") == 1
    assert messages.count("its content has 2 problems; the last good copy is shown") == 2
    assert all(body["title"] == "Kiosk health" for body in received.bodies)
    assert alerter.unacknowledged() == [], "a health notice is no patient waiting"


def test_a_daily_all_well_goes_once_a_day_at_its_time(qtbot, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    today = {"now": local("2026-11-30 08:29")}
    with webhook_server() as (url, received):
        alerter = alerter_for(json_address(url))
        deliveries = Deliveries(alerter)
        beat = Heartbeat(
            _parent(qtbot),
            _readings,
            alerter,
            daily_all_well="08:30",
            local_time=lambda: today["now"],
            memory_mb=lambda: 100.0,
            interval_ms=3_600_000,
        )
        beat.beat()
        assert not _health_records(alerter)
        today["now"] = local("2026-11-30 08:30")
        beat.beat()
        beat.beat()
        today["now"] = local("2026-12-01 09:00")
        beat.beat()
        assert len(_health_records(alerter)) == 2
        assert deliveries.wait_for(lambda: len(received.bodies) == 2)
    # The test's alerter has its one destination; the status names what else is missing.
    assert (
        received.bodies[0]["message"].endswith(": all is well.")
        or "running, with:" in (received.bodies[0]["message"])
    )


def test_failing_alerts_are_themselves_a_health_notice(qtbot, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    failing = alerter_for(refused_address())
    deliveries = Deliveries(failing)
    record = failing.send(Event.SAFETY_ANSWER)
    assert deliveries.wait_for(lambda: record.state is DeliveryState.FAILED)
    assert failing.failed() == 1
    status = Heartbeat(
        _parent(qtbot), _readings, failing, memory_mb=lambda: 1.0, interval_ms=3_600_000
    ).beat()
    assert status.alerts_failed == 1
    state, reasons = assess(status, disk_free=lambda: 10**12)
    assert state == DEGRADED
    assert "1 staff alerts reached no one" in reasons
    assert len(_health_records(failing)) == 1, "the notice tries every destination again"


def test_above_the_memory_limit_the_kiosk_restarts_only_at_a_safe_moment(qtbot) -> None:  # type: ignore[no-untyped-def]
    restarts: list[int] = []
    moment = {"safe": False}
    beat = Heartbeat(
        _parent(qtbot),
        lambda: _readings(safe_to_restart=moment["safe"]),
        None,
        memory_limit_mb=400,
        memory_mb=lambda: 512.0,
        restart=restarts.append,
        interval_ms=3_600_000,
    )
    beat.beat()
    assert beat.restart_pending
    assert restarts == [], "never in the middle of a session"
    moment["safe"] = True
    beat.beat()
    assert restarts == [EXIT_RESTART]


def test_a_kiosk_below_its_memory_limit_is_left_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    restarts: list[int] = []
    beat = Heartbeat(
        _parent(qtbot),
        lambda: _readings(safe_to_restart=True),
        None,
        memory_limit_mb=400,
        memory_mb=lambda: 399.0,
        restart=restarts.append,
        interval_ms=3_600_000,
    )
    beat.beat()
    assert not beat.restart_pending
    assert restarts == []


def test_a_staff_exit_is_not_a_crash(qtbot, private_state: Path) -> None:  # type: ignore[no-untyped-def]
    beat = Heartbeat(_parent(qtbot), _readings, None, memory_mb=lambda: 1.0, interval_ms=3_600_000)
    beat.beat()
    beat.stopped_cleanly()
    status = read_status(private_state)
    assert status is not None
    assert status.clean_exit
    assert assess(status) == (DOWN, ["the kiosk was closed (staff panel: Exit)"])
    alerter = alerter_for(refused_address())
    Heartbeat(_parent(qtbot), _readings, alerter, memory_mb=lambda: 1.0, interval_ms=3_600_000)
    assert not alerter.records, "no 'started after a crash' after a staff exit"


# --- usage counts ---------------------------------------------------------------------------


def test_usage_counts_follow_a_patient_with_no_time_of_day(
    kiosk_ui, private_state: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    counts = UsageCounts(private_state)
    watch = UsageWatch(router, counts, today=lambda: date(2026, 11, 30))
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-trd"))
    router.next_page()
    router.previous_page()  # paging back and forth is one topic viewed
    tap(window.access_bar.larger_text)
    tap(window.access_bar.larger_text)
    tap(window.access_bar.larger_text)  # on, off, on again: used once
    router.show_home()
    tap(router.home.findChild(QAbstractButton, "tile-phq9"))
    tap(router.check_intro.start_button)
    for _ in range(9):
        tap(router.question.answer_buttons[0])
    tap(router.question.answer_buttons[0])  # the follow-up question
    qtbot.waitUntil(lambda: router.current_name() == "phq9", timeout=2000)
    tap(router.result.done_button)
    watch.reset_done("idle timeout")
    totals = counts.totals(date(2026, 11, 1))
    assert totals[usage.SESSIONS] == 1
    assert totals[usage.topic("trd")] == 1
    assert totals[usage.LARGER_TEXT] == 1
    assert totals[usage.check_started("phq9")] == 1
    assert totals[usage.check_finished("phq9")] == 1
    assert totals[usage.language("en")] == 1
    assert totals[usage.IDLE_RESETS] == 1
    assert usage.SUPPORT_SHOWN not in totals
    # What is on disk: days and counts, nothing else.
    db = sqlite3.connect(private_state / usage.USAGE_FILE)
    columns = [row[1] for row in db.execute("PRAGMA table_info(counts)")]
    assert columns == ["day", "name", "count"]
    for day, name, count in db.execute("SELECT day, name, count FROM counts"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day), day
        assert isinstance(count, int)
        assert not re.search(r"\d\d:\d\d", name)
    assert [t for (t,) in db.execute("SELECT name FROM sqlite_master")] == [
        "counts",
        "sqlite_autoindex_counts_1",
    ]


def test_old_rows_go_and_small_counts_are_hidden_in_the_csv(private_state: Path) -> None:
    counts = UsageCounts(private_state)
    today = date(2026, 11, 30)
    counts.add(usage.SESSIONS, today - timedelta(days=401))
    for _ in range(4):
        counts.add(usage.SESSIONS, today)
    for _ in range(5):
        counts.add(usage.topic("trd"), today)
    counts.add(usage.TALK_REQUESTED, today)
    assert counts.forget_before(today) == 1
    text = to_csv(counts.rows(today - timedelta(days=500)))
    assert text.splitlines() == [
        "day,what,count",
        "2026-11-30,sessions,<5",
        "2026-11-30,talk to someone,<5",
        "2026-11-30,topic trd,5",
    ]


def test_kiosk_stats_prints_and_exports(private_state: Path) -> None:
    counts = UsageCounts(private_state)
    for _ in range(7):
        counts.add(usage.SESSIONS, date.today())
    counts.add(usage.TALK_REQUESTED, date.today())
    counts.close()
    env = {**os.environ, "KIOSK_STATE_DIR": str(private_state)}
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "kiosk", "stats", *a],
        capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    plain = run("--days", "7")
    assert plain.returncode == 0
    assert "sessions: 7" in plain.stdout
    assert "talk to someone: 1" in plain.stdout
    exported = run("--csv")
    assert f"{date.today().isoformat()},talk to someone,<5" in exported.stdout
    assert run("--days", "0").returncode == 1


def test_usage_counting_that_fails_never_troubles_the_patient(
    kiosk_ui, private_state: Path
) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui()
    counts = UsageCounts(private_state)
    watch = UsageWatch(router, counts, today=lambda: date(2026, 11, 30))
    counts.close()  # the database goes away under the kiosk
    tap(router.attract)
    tap(router.home.findChild(QAbstractButton, "tile-trd"))
    assert router.current_name() == "trd"
    assert not watch.working


# --- the attract loop for readers ------------------------------------------------------------


def test_each_slide_stays_as_long_as_its_words_need(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    from kiosk.router import Timing

    _window, router = kiosk_ui(
        timing=Timing(slide_ms=4000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=0)
    )
    slides = router.attract.slides
    assert slides
    assert all(slide.ms >= 4000 for slide in slides)
    for slide in slides:
        words = len(f"{slide.title} {slide.summary}".split())
        assert slide.ms >= words * 60_000 / 150, f"{slide.title!r} goes before it can be read"
    assert max(slide.ms for slide in slides) > 4000, "long slides get longer than the floor"


def test_the_staff_panel_shows_health_and_the_last_week_of_use(
    kiosk_ui, private_state: Path, pack_copy: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.model import MachineConfig
    from kiosk.unattended import keep_unattended

    window, router = kiosk_ui()
    guard = KioskGuard(
        router,
        CALM,
        kiosk_mode=True,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
        has_pin=lambda: False,
    )
    alerter = alerter_for(refused_address())
    try:
        running = keep_unattended(router, guard, alerter, MachineConfig(), "Front room")
        tap(router.attract)
        tap(router.home.findChild(QAbstractButton, "tile-trd"))
        guard.set_timing(FAST)  # the patient walks away
        qtbot.waitUntil(lambda: router.current_name() == "attract", timeout=5000)  # idle
        qtbot.waitUntil(lambda: read_status(private_state) is not None, timeout=5000)
        guard.open_staff_panel()
        text = guard.staff.status.text()
        assert "Status: " in text
        assert "Last 7 days: sessions: 1 · " in text
        assert "idle resets: 1" in text
        assert "topic trd: 1" in text
        assert running.usage.sessions == 1
    finally:
        guard.shutdown()
