"""The staff PIN: stored only as a salted, slow hash; wrong guesses lock the pad.

The hash is stdlib ``hashlib.scrypt`` in a small JSON file in the kiosk's state folder,
outside the content pack (editors never see it, a content sync never overwrites it),
written atomically and readable by the kiosk's user only. Five wrong PINs lock the pad
for 60 seconds; each further lock-out doubles, up to 15 minutes; a right PIN starts the
count over. The lock-out is kept in the state folder too, so that restarting the kiosk
(or pulling the plug) does not reset it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import state_dir

log = logging.getLogger(__name__)

PIN_FILE = "staff-pin.json"
LOCKOUT_FILE = "staff-pin-lockout.json"
MIN_DIGITS = 4
MAX_DIGITS = 12
# scrypt cost: about 50 ms per check on a small PC; far too slow to guess 10^4..10^12 PINs.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
MAX_WRONG = 5
FIRST_LOCKOUT_SECONDS = 60.0
MAX_LOCKOUT_SECONDS = 15 * 60.0


class PinError(ValueError):
    """A PIN that cannot be used (wrong length, not digits)."""


def pin_path(folder: Path | None = None) -> Path:
    return (folder or state_dir()) / PIN_FILE


def check_pin_format(pin: str) -> None:
    """Raise :class:`PinError` unless ``pin`` is 4 to 12 digits 0-9 (the pad has no others:
    "٣" or "３" are digits to Python, but nobody could ever type them)."""
    if not (pin.isascii() and pin.isdigit()) or not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinError(f"a PIN is {MIN_DIGITS} to {MAX_DIGITS} digits")


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


def set_pin(pin: str, folder: Path | None = None) -> Path:
    """Store ``pin`` as a salted scrypt hash; return the file written."""
    check_pin_format(pin)
    salt = secrets.token_bytes(16)
    record = {
        "algorithm": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "hash": _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex(),
    }
    path = pin_path(folder)
    write_private(path, json.dumps(record))
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by this user only.

    The new file is made under a fresh random name with O_EXCL and mode 0600
    (``mkstemp``), so it is never world-readable, not even for a moment, and a file or
    link planted in the folder beforehand is never written through; it then replaces
    ``path`` in one step, so a crash never leaves half a file.
    """
    # A folder made here is the kiosk's own (its state): others may not even list it.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def pin_is_set(folder: Path | None = None) -> bool:
    return _load(folder) is not None


def verify_pin(pin: str, folder: Path | None = None) -> bool:
    """True when ``pin`` matches the stored hash (False when none is stored)."""
    record = _load(folder)
    if record is None:
        return False
    try:
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
        actual = _hash(pin, salt, int(record["n"]), int(record["r"]), int(record["p"]))
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _load(folder: Path | None) -> dict[str, str] | None:
    try:
        record = json.loads(pin_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("algorithm") != "scrypt":
        return None
    return record


@dataclass
class PinAttempt:
    """What one try at the pad gave."""

    accepted: bool
    locked_for: float = 0.0
    tries_left: int = MAX_WRONG


class PinGuard:
    """Counts wrong PINs and locks the pad: 60 s after 5 wrong, doubling each time up to
    15 minutes. The count survives a restart (it is kept in the state folder).

    ``clock`` is wall-clock time, not a monotonic clock: a lock-out must outlive the
    process. A lock-out that reaches further ahead than the longest one (the clock was
    set back) is cut to the longest.
    """

    def __init__(
        self,
        folder: Path | None = None,
        clock: Callable[[], float] = time.time,
        verify: Callable[[str, Path | None], bool] = verify_pin,
    ) -> None:
        self._folder = folder
        self._clock = clock
        self._verify = verify
        self._wrong = 0
        self._lockouts = 0
        self._locked_until = 0.0
        self._load()

    def locked_for(self) -> float:
        """Seconds until the pad accepts a PIN again (0 when it does now)."""
        remaining = self._locked_until - self._clock()
        return min(MAX_LOCKOUT_SECONDS, max(0.0, remaining))

    def attempt(self, pin: str) -> PinAttempt:
        """Check ``pin`` unless the pad is locked."""
        if (remaining := self.locked_for()) > 0:
            return PinAttempt(False, remaining, 0)
        if self._verify(pin, self._folder):
            if self._wrong or self._lockouts:
                self._wrong = self._lockouts = 0
                self._locked_until = 0.0
                self._save()
            return PinAttempt(True)
        self._wrong += 1
        if self._wrong >= MAX_WRONG:
            self._wrong = 0
            seconds = min(MAX_LOCKOUT_SECONDS, FIRST_LOCKOUT_SECONDS * 2**self._lockouts)
            self._lockouts += 1
            self._locked_until = self._clock() + seconds
            self._save()
            log.warning("staff PIN pad locked for %d s after %d wrong PINs", seconds, MAX_WRONG)
            return PinAttempt(False, seconds, 0)
        self._save()
        return PinAttempt(False, 0.0, MAX_WRONG - self._wrong)

    def _path(self) -> Path:
        return (self._folder or state_dir()) / LOCKOUT_FILE

    def _load(self) -> None:
        try:
            state = json.loads(self._path().read_text(encoding="utf-8"))
            wrong, lockouts = int(state["wrong"]), int(state["lockouts"])
            locked_until = float(state["locked_until"])
        except (OSError, ValueError, KeyError, TypeError):
            return  # none yet, or unreadable: start counting afresh
        self._wrong = min(max(wrong, 0), MAX_WRONG - 1)
        self._lockouts = min(max(lockouts, 0), 32)
        self._locked_until = min(locked_until, self._clock() + MAX_LOCKOUT_SECONDS)

    def _save(self) -> None:
        state = {
            "wrong": self._wrong,
            "lockouts": self._lockouts,
            "locked_until": self._locked_until,
        }
        try:
            write_private(self._path(), json.dumps(state))
        except OSError as exc:  # a full disk must not open the pad, nor crash the kiosk
            log.warning("could not keep the PIN lock-out: %s", exc)
