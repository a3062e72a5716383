"""Where the kiosk finds its bundled files and keeps its own state and logs.

Bundled files are found through :mod:`importlib.resources`: inside an installed wheel they
sit in ``kiosk/_bundled``; in a source checkout (an editable install, or the tests) they are
the top-level ``content/`` and ``resources/`` folders. State and logs go to the platform's
own folders (platformdirs), never next to the code, so Windows and Linux both work.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "ketamd-kiosk"
_STATE_ENV = "KIOSK_STATE_DIR"
_LOG_ENV = "KIOSK_LOG_DIR"


@functools.cache
def _bundled(name: str) -> Path:
    packaged = Path(str(resources.files("kiosk"))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


def bundled_content_dir() -> Path:
    """The content pack that ships with the kiosk."""
    return _bundled("content")


def resources_dir() -> Path:
    """The app's own fonts, icons and stylesheet."""
    return _bundled("resources")


def state_dir() -> Path:
    """Where the kiosk keeps its state (never patient data). ``KIOSK_STATE_DIR`` overrides."""
    override = os.environ.get(_STATE_ENV)
    return (
        Path(override) if override else Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    )


def log_dir() -> Path:
    """Where the kiosk writes its log. ``KIOSK_LOG_DIR`` overrides."""
    override = os.environ.get(_LOG_ENV)
    return (
        Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    )


def kiosk_home() -> Path:
    """Where a per-user install keeps its versions, ``current.txt`` and the clinic's
    content (Windows: ``%LOCALAPPDATA%\\ketamd-kiosk``). ``KIOSK_HOME`` overrides."""
    override = os.environ.get("KIOSK_HOME")
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
