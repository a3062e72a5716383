"""The staff PIN: salted slow hash on disk, lock-out that doubles, the set-pin command."""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.pin import (
    LOCKOUT_FILE,
    PinAttempt,
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
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["algorithm"] == "scrypt"
    assert "482915" not in path.read_text(encoding="utf-8")
    assert len(bytes.fromhex(record["salt"])) == 16
    assert verify_pin("482915", tmp_path)
    assert not verify_pin("482916", tmp_path)
    again = json.loads(set_pin("482915", tmp_path).read_text(encoding="utf-8"))
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
    clock.now += 59.5
    assert guard.locked_for() == pytest.approx(0.5)
    refused = guard.attempt("2468")
    assert not refused.accepted, "the last half second of a lock-out is still locked"
    assert refused.locked_for == pytest.approx(0.5)
    clock.now += 0.5
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


@pytest.mark.parametrize("pin", ["١٢٣٤", "１２３４", "²³⁴⁵"])
def test_only_digits_the_pad_can_type(pin: str) -> None:
    assert pin.isdigit(), "Python counts them as digits"
    with pytest.raises(PinError):
        check_pin_format(pin)


def test_the_lock_out_survives_a_restart(tmp_path: Path) -> None:
    set_pin("2468", tmp_path)
    clock = FakeClock()
    guard = PinGuard(tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("1111")
    assert guard.locked_for() == 60
    restarted = PinGuard(tmp_path, clock=clock)  # the kiosk was killed and started again
    assert restarted.locked_for() == 60
    assert not restarted.attempt("2468").accepted
    clock.now += 60
    for _ in range(4):
        restarted.attempt("1111")
    assert PinGuard(tmp_path, clock=clock).attempt("1111").locked_for == 120, "it remembers"


def test_the_lock_out_is_capped_at_15_minutes(tmp_path: Path) -> None:
    set_pin("2468", tmp_path)
    clock = FakeClock()
    guard = PinGuard(tmp_path, clock=clock)
    waits = []
    for _ in range(8):
        for _ in range(5):
            last = guard.attempt("1111")
        waits.append(last.locked_for)
        clock.now += last.locked_for
    assert waits == [60, 120, 240, 480, 900, 900, 900, 900]


def test_a_clock_set_back_cannot_lock_the_pad_for_longer(tmp_path: Path) -> None:
    set_pin("2468", tmp_path)
    clock = FakeClock()
    guard = PinGuard(tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("1111")
    clock.now -= 86_400  # someone set the clock back a day
    assert PinGuard(tmp_path, clock=clock).locked_for() <= 900


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The usual umask (022), under which a plainly written file is world-readable: a
    stricter one (a hardened account, systemd's UMask=) would hide a file written
    without care."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_pin_file_is_private_from_the_start_and_never_written_through_a_link(
    tmp_path: Path, usual_umask: None
) -> None:
    victim = tmp_path / "elsewhere.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "staff-pin.tmp").symlink_to(victim)  # planted where the old code wrote
    path = set_pin("2468", tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    PinGuard(tmp_path).attempt("1111")  # a wrong PIN: the lock-out count is kept too
    lockout = tmp_path / LOCKOUT_FILE
    assert lockout.is_file()
    assert stat.S_IMODE(lockout.stat().st_mode) == 0o600
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".staff-pin")]


def test_set_pin_asks_for_the_current_pin_first(
    private_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    set_pin("2468", private_state)
    monkeypatch.setattr("sys.stdin", io.StringIO("1357\n9999\n"))
    assert main(["set-pin", "--stdin"]) == 1
    assert "not the current staff PIN; nothing was changed" in capsys.readouterr().out
    assert verify_pin("2468", private_state)
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n9999\n"))
    assert main(["set-pin", "--stdin"]) == 0
    assert verify_pin("9999", private_state)


def test_set_pin_cannot_be_used_to_guess_past_the_lock_out(
    private_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    set_pin("2468", private_state)
    for _ in range(5):
        monkeypatch.setattr("sys.stdin", io.StringIO("0000\n1111\n"))
        main(["set-pin", "--stdin"])
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n1111\n"))
    assert main(["set-pin", "--stdin"]) == 1
    assert "Too many wrong PINs" in capsys.readouterr().out
    assert verify_pin("2468", private_state)


def test_a_locked_pad_answers_with_the_wait_and_no_tries(tmp_path: Path) -> None:
    set_pin("2468", tmp_path)
    clock = FakeClock()
    guard = PinGuard(tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("1111")
    clock.now += 59.5  # half a second of the minute left: still locked
    assert guard.attempt("2468") == PinAttempt(accepted=False, locked_for=0.5, tries_left=0)


def test_a_pin_set_in_another_folder_is_found_there_only(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    set_pin("2468", elsewhere)
    assert pin_is_set(elsewhere)
    assert not pin_is_set(), "the kiosk's own state folder has none"


def test_a_lock_out_that_cannot_be_saved_is_logged_and_still_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    set_pin("2468", tmp_path)
    guard = PinGuard(tmp_path, clock=FakeClock())

    def full_disk(path: Path, text: str) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr("kiosk.pin.write_private", full_disk)
    with caplog.at_level("WARNING", logger="kiosk.pin"):
        for _ in range(5):
            last = guard.attempt("1111")
    assert last.locked_for == 60, "the pad locks even when the disk is full"
    assert not guard.attempt("2468").accepted
    assert "could not keep the PIN lock-out: No space left on device" in caplog.messages


def test_every_answer_of_the_pad_in_full(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    set_pin("2468", tmp_path)
    clock = FakeClock()
    guard = PinGuard(tmp_path, clock=clock)
    assert guard.attempt("1111") == PinAttempt(accepted=False, locked_for=0.0, tries_left=4)
    for _ in range(3):
        guard.attempt("1111")
    with caplog.at_level("WARNING", logger="kiosk.pin"):
        fifth = guard.attempt("1111")
    assert fifth == PinAttempt(accepted=False, locked_for=60, tries_left=0)
    assert "staff PIN pad locked for 60 s after 5 wrong PINs" in caplog.messages
    clock.now += 60
    again = [guard.attempt("1111").tries_left for _ in range(4)]
    assert again == [4, 3, 2, 1], "after a lock-out the count starts again from five"


def test_a_pin_file_of_another_kind_is_no_pin(tmp_path: Path) -> None:
    set_pin("2468", tmp_path)
    record = json.loads(pin_path(tmp_path).read_text(encoding="utf-8"))
    pin_path(tmp_path).write_text(json.dumps({**record, "algorithm": "md5"}), encoding="utf-8")
    assert not pin_is_set(tmp_path)
    assert not verify_pin("2468", tmp_path)
    pin_path(tmp_path).write_text("[1, 2]", encoding="utf-8")
    assert not pin_is_set(tmp_path)


def test_the_longest_pin_is_12_digits_and_the_shortest_4(tmp_path: Path) -> None:
    for pin in ("1234", "123456789012"):
        check_pin_format(pin)
        set_pin(pin, tmp_path)
        assert verify_pin(pin, tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        {"salt": None},  # no salt at all
        {"hash": "not hex"},
        {"n": "many"},
    ],
)
def test_a_damaged_pin_record_opens_for_no_pin(tmp_path: Path, damage: dict) -> None:  # type: ignore[type-arg]
    """A PIN file broken by a disk error or a hand edit must lock the panel, never open
    it for whatever is typed."""
    set_pin("2468", tmp_path)
    record = json.loads(pin_path(tmp_path).read_text(encoding="utf-8"))
    record.update(damage)
    record = {key: value for key, value in record.items() if value is not None}
    pin_path(tmp_path).write_text(json.dumps(record), encoding="utf-8")
    for typed in ("2468", "0000", ""):
        assert not verify_pin(typed, tmp_path)
        assert not PinGuard(tmp_path).attempt(typed).accepted


def test_a_pin_can_be_set_on_a_machine_whose_state_folders_do_not_exist_yet(
    tmp_path: Path,
) -> None:
    """A new kiosk user has no ~/.local/state at all."""
    state = tmp_path / "home" / ".local" / "state" / "ketamd-kiosk"
    set_pin("2468", state)
    assert verify_pin("2468", state)


def test_the_pin_file_is_written_beside_itself_never_in_the_system_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under systemd the kiosk has a /tmp of its own, on another file system: a file made
    there could not be renamed into place."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-temp-folder"))
    set_pin("2468", tmp_path / "state")
    assert verify_pin("2468", tmp_path / "state")


@pytest.mark.parametrize(("wrong", "lockouts"), [(0, 0), (-3, -1)])
def test_a_lock_out_file_with_nothing_or_less_counted_gives_five_tries_and_60_seconds(
    tmp_path: Path, wrong: int, lockouts: int
) -> None:
    """A file left at zero (or edited below it) must not cost a try or double the wait."""
    set_pin("2468", tmp_path)
    clock = FakeClock()
    state = {"wrong": wrong, "lockouts": lockouts, "locked_until": 0.0}
    (tmp_path / LOCKOUT_FILE).write_text(json.dumps(state), encoding="utf-8")
    guard = PinGuard(tmp_path, clock=clock)
    answers = [guard.attempt("1111") for _ in range(5)]
    assert [a.tries_left for a in answers[:4]] == [4, 3, 2, 1]
    assert answers[4].locked_for == 60


def test_a_pin_that_cannot_be_stored_leaves_no_half_written_file(tmp_path: Path) -> None:
    pin_path(tmp_path).mkdir(parents=True)  # something in the way: a folder of that name
    with pytest.raises(IsADirectoryError):
        set_pin("2468", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [pin_path(tmp_path).name]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_state_folder_made_for_a_private_file_is_private_too(tmp_path: Path) -> None:
    """kiosk doctor's folders check found it: the first private file made the kiosk's state
    folder readable by every user of the machine."""
    from kiosk.pin import write_private

    folder = tmp_path / "state"
    write_private(folder / "image-check.json", "{}")
    assert folder.stat().st_mode & 0o777 == 0o700
