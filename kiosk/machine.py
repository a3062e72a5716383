"""This kiosk's own settings (``kiosk.yaml``), kept apart from the clinic's shared pack.

A content pack travels to every kiosk of a clinic (git, Syncthing, a network share); what
belongs to one machine does not: its name, and where its staff alerts go (addresses,
passwords, a local command). Those live in ``kiosk.yaml`` in the platform's config folder
(``~/.config/ketamd-kiosk/kiosk.yaml`` on Linux, ``%APPDATA%\\ketamd-kiosk\\kiosk.yaml`` on
Windows), or wherever ``--config FILE`` or ``KIOSK_CONFIG`` says. It is read and checked
like the content, with file and line for every problem. Nothing here imports Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import ValidationError

from kiosk.errors import ContentError, ContentErrors
from kiosk.loader import validation_errors
from kiosk.model import MachineConfig
from kiosk.paths import APP_NAME
from kiosk.safeyaml import YamlProblem, read_yaml

CONFIG_ENV = "KIOSK_CONFIG"
CONFIG_FILE = "kiosk.yaml"


def default_config_path() -> Path:
    """Where ``kiosk.yaml`` is looked for when nobody says otherwise."""
    folder = platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True)
    return Path(folder) / CONFIG_FILE


def config_path(explicit: Path | None = None) -> tuple[Path, bool]:
    """The file to read, and whether someone asked for it (then it must exist)."""
    if explicit is not None:
        return explicit, True
    from_environment = os.environ.get(CONFIG_ENV)
    if from_environment:
        return Path(from_environment), True
    return default_config_path(), False


def load_machine_config(explicit: Path | None = None) -> MachineConfig:
    """Read this kiosk's ``kiosk.yaml``; none at the default place means no settings.

    Raises:
        ContentErrors: every problem, each with file and line where known.
    """
    path, asked_for = config_path(explicit)
    if not path.is_file():
        if asked_for or path.exists():
            raise ContentErrors([ContentError(path, None, "there is no such file")])
        return MachineConfig()
    try:
        document = read_yaml(path)
    except YamlProblem as problem:
        raise ContentErrors([ContentError(path, problem.line, problem.message)]) from None
    if document.data is None:
        return MachineConfig()
    if not isinstance(document.data, dict):
        message = "the file must be a block of 'key: value' lines"
        raise ContentErrors([ContentError(path, document.line_of(()), message)])
    try:
        return MachineConfig.model_validate(document.data)
    except ValidationError as exc:
        raise ContentErrors(validation_errors(path, document, exc)) from None
