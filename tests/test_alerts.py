"""Silent staff alerts against a real HTTP server on 127.0.0.1 and a real command."""

from __future__ import annotations

import json
import logging
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.alerts import SUPPORT_SHOWN, StaffAlerter
from kiosk.model import StaffAlerts

from .webhook import webhook_server

FIXED_TIME = datetime(2026, 11, 27, 14, 5, 0, tzinfo=UTC)


def _alerter(**settings: object) -> StaffAlerter:
    return StaffAlerter(
        StaffAlerts.model_validate(settings),
        "Waiting room 1",
        retry_delays=(0.0,),
        clock=lambda: FIXED_TIME,
    )


def test_the_webhook_gets_only_event_kiosk_and_time() -> None:
    with webhook_server() as (url, received):
        alerter = _alerter(webhook_url=url)
        assert alerter.notify().result(timeout=30) is True
        alerter.shutdown()
    assert received.bodies == [
        {"event": SUPPORT_SHOWN, "kiosk": "Waiting room 1", "time": "2026-11-27T14:05:00+00:00"}
    ]
    assert received.attempts == 1
    assert alerter.log.unacknowledged == ["2026-11-27T14:05:00+00:00"]


def test_a_failing_webhook_is_retried(caplog: pytest.LogCaptureFixture) -> None:
    with webhook_server(failures=2) as (url, received):
        alerter = _alerter(webhook_url=url, retries=3)
        assert alerter.notify().result(timeout=30) is True
        alerter.shutdown()
    assert received.attempts == 3
    assert len(received.bodies) == 1
    assert "try 1 of 3" in caplog.text


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_webhook_gives_up_quietly(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.alerts")
    alerter = _alerter(
        webhook_url=f"http://127.0.0.1:{_closed_port()}/x", retries=2, timeout_seconds=2
    )
    assert alerter.notify().result(timeout=30) is False
    alerter.shutdown()
    assert "gave up after 2 tries" in caplog.text


def test_the_command_runs_with_the_event_in_its_environment(tmp_path: Path) -> None:
    out = tmp_path / "alert.json"
    script = (
        "import json, os, sys; "
        f"json.dump({{k: os.environ[k] for k in ('KIOSK_EVENT', 'KIOSK_NAME', 'KIOSK_TIME')}}, "
        f"open({str(out)!r}, 'w'))"
    )
    alerter = _alerter(command=[sys.executable, "-c", script])
    assert alerter.notify().result(timeout=30) is True
    alerter.shutdown()
    assert json.loads(out.read_text()) == {
        "KIOSK_EVENT": SUPPORT_SHOWN,
        "KIOSK_NAME": "Waiting room 1",
        "KIOSK_TIME": "2026-11-27T14:05:00+00:00",
    }


def test_a_webhook_must_be_http(pack_copy: Path, edit) -> None:  # type: ignore[no-untyped-def]
    from kiosk.loader import validate_pack

    edit("settings.yaml", "webhook_url: null", "webhook_url: ftp://desk/alert")
    errors = validate_pack(pack_copy)
    assert any("staff_alerts.webhook_url" in e.message for e in errors)
