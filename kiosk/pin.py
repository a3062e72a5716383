"""The staff PIN: stored only as a salted, slow hash; wrong guesses lock the pad.

The hash is stdlib ``hashlib.scrypt`` in a small JSON file in the kiosk's state folder,
outside the content pack (editors never see it, a content sync never overwrites it).
Five wrong PINs lock the pad for 60 seconds; each further lock-out doubles.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import state_dir

PIN_FILE = "staff-pin.json"
MIN_DIGITS = 4
MAX_DIGITS = 12
# scrypt cost: about 50 ms per check on a small PC; far too slow to guess 10^4..10^12 PINs.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
MAX_WRONG = 5
FIRST_LOCKOUT_SECONDS = 60.0


class PinError(ValueError):
    """A PIN that cannot be used (wrong length, not digits)."""


def pin_path(folder: Path | None = None) -> Path:
    return (folder or state_dir()) / PIN_FILE


def check_pin_format(pin: str) -> None:
    """Raise :class:`PinError` unless ``pin`` is 4 to 12 digits."""
    if not pin.isdigit() or not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
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
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(record), encoding="utf-8")
    if os.name == "posix":
        temporary.chmod(0o600)
    temporary.replace(path)  # atomic: a crash never leaves half a PIN file
    return path


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
    """Counts wrong PINs and locks the pad: 60 s after 5 wrong, doubling each time."""

    def __init__(
        self,
        folder: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        verify: Callable[[str, Path | None], bool] = verify_pin,
    ) -> None:
        self._folder = folder
        self._clock = clock
        self._verify = verify
        self._wrong = 0
        self._lockouts = 0
        self._locked_until = 0.0

    def locked_for(self) -> float:
        """Seconds until the pad accepts a PIN again (0 when it does now)."""
        return max(0.0, self._locked_until - self._clock())

    def attempt(self, pin: str) -> PinAttempt:
        """Check ``pin`` unless the pad is locked."""
        if (remaining := self.locked_for()) > 0:
            return PinAttempt(False, remaining, 0)
        if self._verify(pin, self._folder):
            self._wrong = 0
            self._lockouts = 0
            return PinAttempt(True)
        self._wrong += 1
        if self._wrong >= MAX_WRONG:
            self._wrong = 0
            seconds = FIRST_LOCKOUT_SECONDS * 2**self._lockouts
            self._lockouts += 1
            self._locked_until = self._clock() + seconds
            return PinAttempt(False, seconds, 0)
        return PinAttempt(False, 0.0, MAX_WRONG - self._wrong)
