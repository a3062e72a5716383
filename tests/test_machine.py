"""This kiosk's own kiosk.yaml, `kiosk test-alert`, and a private log folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.errors import ContentErrors
from kiosk.machine import CONFIG_ENV, default_config_path, load_machine_config

from .receivers import refused_address, silent_server, smtp_server
from .webhook import webhook_server


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_kiosk_yaml_means_no_alerts_and_the_packs_name() -> None:
    assert not default_config_path().exists()
    config = load_machine_config()
    assert config.kiosk_name is None
    assert not config.staff_alerts.configured


def test_kiosk_yaml_is_found_through_the_environment(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _config(tmp_path, "kiosk_name: Waiting room, 2nd floor\n")
    monkeypatch.setenv(CONFIG_ENV, str(path))
    assert load_machine_config().kiosk_name == "Waiting room, 2nd floor"


def test_a_config_file_asked_for_must_exist(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentErrors, match="there is no such file"):
        load_machine_config(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "staff_alerts:\n  url: [json://x]\n",
            "kiosk.yaml:2: unknown key 'url' (did you mean 'urls'?)",
        ),
        (
            "staff_alerts:\n  urls:\n    - 192.168.1.20/alert\n",
            "kiosk.yaml:3: 'staff_alerts.urls[1]' must be an alert address like json://",
        ),
        (
            "staff_alerts:\n  deadline_seconds: 0\n",
            "kiosk.yaml:2: 'staff_alerts.deadline_seconds' should be greater than 0",
        ),
        ("kiosk_name: [a, b]\n", "kiosk.yaml:1: 'kiosk_name' should be text"),
        ("staff_alerts:\n  urls: [json://x\n", "kiosk.yaml:"),
    ],
)
def test_kiosk_yaml_problems_name_file_and_line(tmp_path, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentErrors) as raised:
        load_machine_config(_config(tmp_path, text))
    assert expected in raised.value.render()


def _test_alert(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["test-alert", "--config", str(config)])
    return code, capsys.readouterr().out.strip().splitlines()


def test_test_alert_reaches_every_destination(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (url, received), smtp_server() as (mail, mailbox):
        json_url = url.replace("http://", "json://")
        config = _config(
            tmp_path,
            f"kiosk_name: Front room\nstaff_alerts:\n  urls:\n    - {json_url}\n    - '{mail}'\n",
        )
        code, lines = _test_alert(config, capsys)
    assert code == 0, lines
    assert lines[1] == f"  delivered  {json_url}"
    assert lines[2].startswith("  delivered  mailto://…@127.0.0.1:")
    assert lines[-1] == "2 of 2 destinations received the test alert."
    assert received.bodies[0]["title"] == "TEST: kiosk staff alert"
    assert "No patient is waiting" in mailbox.text()


def test_test_alert_fails_when_one_destination_fails_and_says_why(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (url, received), silent_server() as stuck:
        refused = refused_address()
        config = _config(
            tmp_path,
            "staff_alerts:\n  deadline_seconds: 1\n  urls:\n"
            f"    - {url.replace('http://', 'json://')}\n    - {refused}\n    - {stuck}\n"
            "    - jsn://typo.test/alert\n",
        )
        code, lines = _test_alert(config, capsys)
    assert code == 1
    text = "\n".join(lines)
    assert f"  FAILED     {refused}: A Connection error occurred" in text
    assert f"  FAILED     {stuck}: no answer within 1 s" in text
    assert "  FAILED     jsn://typo.test/alert: not an alert address Apprise understands" in text
    assert "Traceback" not in text
    assert lines[-1] == "1 of 4 destinations received the test alert."


def test_test_alert_without_destinations_says_what_to_do(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, lines = _test_alert(_config(tmp_path, "kiosk_name: Front room\n"), capsys)
    assert code == 1
    assert "No staff-alert destination is set in" in lines[0]
    assert "docs/alerts.md" in lines[0]


def test_test_alert_with_a_broken_config_sends_nothing(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, lines = _test_alert(_config(tmp_path, "staff_alerts:\n  urls: 12\n"), capsys)
    assert code == 2
    assert "kiosk.yaml:2: 'staff_alerts.urls' should be a list" in lines[0]


def test_test_alert_finishes_within_the_deadline_however_slow_the_receiver(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with silent_server() as stuck:
        config = _config(tmp_path, f"staff_alerts:\n  deadline_seconds: 2\n  urls: [{stuck}]\n")
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "test-alert", "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 1
    assert "no answer within 2 s" in result.stdout


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows profiles are private")
def test_the_log_folder_and_file_are_private(tmp_path: Path) -> None:
    from kiosk.logs import configure_logging

    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    path = configure_logging(folder)
    import logging

    logging.getLogger("kiosk.test").warning("staff alert 1 delivered")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
