"""The staff panel's "Check this machine": ``kiosk doctor`` run beside the kiosk.

The doctor runs as a process of its own (QProcess), so the kiosk's screen never waits on
it, and what it finds is shown in the panel, one line per check. It sends no test alert
(the panel has its own button for that).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer

from kiosk.errors import printable
from kiosk.views.staff_panel import StaffPanel

log = logging.getLogger(__name__)

#: Longer than the doctor's own limits (a minute for each look at Qt), so a report
#: always arrives unless something is truly stuck.
CHECK_TIMEOUT_MS = 180_000
LEVEL_WORDS = {"ok": "OK", "warning": "Warning", "problem": "PROBLEM"}


def report_lines(doctor_json: str) -> list[str]:
    """The doctor's findings for staff: one line a check, then what to do."""
    report = json.loads(doctor_json)
    lines = []
    for finding in report["checks"]:
        level = LEVEL_WORDS.get(finding["level"], finding["level"])
        lines.append(f"{level} · {finding['check']}: {printable(finding['message'])}")
        if finding.get("fix") and finding["level"] != "ok":
            lines.append(f"    → {printable(finding['fix'])}")
    return lines


class MachineCheck(QObject):
    """Runs the doctor when the panel asks, and shows its answer there."""

    def __init__(
        self, panel: StaffPanel, content_dir: Path, config_file: Path | None = None
    ) -> None:
        super().__init__(panel)
        self._panel = panel
        self._arguments = ["-m", "kiosk", "doctor", "--json", "--no-alert"]
        self._arguments += ["--content", str(content_dir)]
        if config_file is not None:
            self._arguments += ["--config", str(config_file)]
        self._process: QProcess | None = None
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(CHECK_TIMEOUT_MS)
        self._timeout.timeout.connect(self._gave_up)
        panel.check_requested.connect(self.start)

    def start(self) -> None:
        if self._process is not None:
            return  # one check at a time; a second tap waits for the first
        self._panel.show_machine_check(["Checking this machine …"])
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(self._arguments)
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._failed_to_start)
        self._process = process
        self._timeout.start()
        process.start()

    def _finished(self) -> None:
        process = self._take_process()
        if process is None:
            return
        output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        try:
            lines = report_lines(output)
        except (ValueError, KeyError, TypeError):
            errors = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
            last = (errors.strip().splitlines() or ["no report"])[-1]
            log.warning("kiosk doctor gave no report: %s", last)
            lines = [f"The machine check gave no report ({printable(last)})."]
        self._panel.show_machine_check(lines)

    def _failed_to_start(self, error: QProcess.ProcessError) -> None:
        if error != QProcess.ProcessError.FailedToStart:
            return  # a crash or a timeout ends in finished() too
        self._take_process()
        self._panel.show_machine_check(["The machine check could not start."])

    def _gave_up(self) -> None:
        process = self._take_process()
        if process is not None:
            process.kill()
        self._panel.show_machine_check(
            [f"The machine check did not finish within {CHECK_TIMEOUT_MS // 1000} s."]
        )

    def _take_process(self) -> QProcess | None:
        self._timeout.stop()
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
        return process
