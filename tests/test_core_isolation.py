"""The core (model, loader, validator, CLI) must never import Qt."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_does_not_import_pyside6() -> None:
    code = (
        "import sys\n"
        "import kiosk.cli, kiosk.loader, kiosk.model, kiosk.safeyaml, kiosk.errors, "
        "kiosk.status, kiosk.usage, kiosk.schedule, "
        "kiosk.paths, kiosk.theme, kiosk.doctor, kiosk.launcher\n"
        "from kiosk.cli import main\n"
        "main(['validate'])\n"
        "main(['status']); main(['stats'])\n"
        "main(['doctor', '--no-alert'])  # Qt only in its child processes\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stderr
