"""The staff PIN: salted slow hash on disk, lock-out that doubles, the set-pin command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.pin import (
    PinError,
    PinGuard,
    check_pin_format,
    pin_is_set,
    pin_path,
    set_pin,
    verify_pin,
)


def test_the_pin_is_stored_only_as_a_salted_scrypt_hash(tmp_path: Path) -> None:
    path = set_pin("482915", tmp_path)
    record = json.loads(path.read_text())
    assert record["algorithm"] == "scrypt"
    assert "482915" not in path.read_text()
    assert len(bytes.fromhex(record["salt"])) == 16
    assert verify_pin("482915", tmp_path)
    assert not verify_pin("482916", tmp_path)
    again = json.loads(set_pin("482915", tmp_path).read_text())
    assert again["hash"] != record["hash"], "a fresh salt each time"


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", "", "12 34"])
def test_pins_are_4_to_12_digits(bad: str) -> None:
    with pytest.raises(PinError):
        check_pin_format(bad)


def test_no_pin_file_means_no_pin(tmp_path: Path) -> None:
    assert not pin_is_set(tmp_path)
    assert not verify_pin("0000", tmp_path)
    pin_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert not pin_is_set(tmp_path)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_wrong_pins_lock_for_60_seconds_then_doubling(tmp_path: Path) -> None:
    set_pin("2468", tmp_path)
    clock = FakeClock()
    guard = PinGuard(tmp_path, clock=clock)
    tries = [guard.attempt("1111").tries_left for _ in range(4)]
    assert tries == [4, 3, 2, 1]
    fifth = guard.attempt("1111")
    assert fifth.locked_for == 60
    assert not guard.attempt("2468").accepted, "locked: even the right PIN waits"
    clock.now += 59
    assert guard.locked_for() == pytest.approx(1)
    clock.now += 1
    for _ in range(5):
        last = guard.attempt("9999")
    assert last.locked_for == 120
    clock.now += 120
    assert guard.attempt("2468").accepted
    for _ in range(5):
        last = guard.attempt("9999")
    assert last.locked_for == 60, "a right PIN starts the doubling over"


def test_set_pin_command_writes_to_the_state_folder(
    private_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("735190\n"))
    assert main(["set-pin", "--stdin"]) == 0
    assert verify_pin("735190", private_state)
    assert "salted hash" in capsys.readouterr().out


def test_set_pin_command_refuses_a_short_pin(
    private_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["set-pin", "--stdin"]) == 1
    assert not pin_is_set(private_state)
    assert "4 to 12 digits" in capsys.readouterr().out
