"""What ``kiosk doctor`` asks Qt, in a process of its own (python -m kiosk.doctor_probe).

``display``: whether the platform's font engine takes the bundled fonts, and the screens.
``speech LANG...``: the speech engine the kiosk would choose, and its voices.
One JSON object on the last line of standard output.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtGui import QGuiApplication


def display() -> dict[str, Any]:
    from kiosk.fonts import FAMILY, load_fonts, missing_fallbacks, missing_styles

    families = load_fonts()
    return {
        "platform": QGuiApplication.platformName(),
        "family": FAMILY,
        "families": families,
        "missing_styles": missing_styles() if families else [],
        "missing_fallbacks": missing_fallbacks() if families else [],
        "screens": [
            {
                "name": screen.name(),
                "width": screen.geometry().width(),
                "height": screen.geometry().height(),
                "ratio": screen.devicePixelRatio(),
            }
            for screen in QGuiApplication.screens()
        ],
    }


def speech(languages: list[str]) -> dict[str, Any]:
    from kiosk.speech import _Engine

    engine = _Engine(None, languages)
    answer: dict[str, Any] = {"engine": "", "voices": []}

    def opened(name: str, voices: list[str]) -> None:
        answer.update(engine=name, voices=voices)

    engine.opened.connect(opened)
    engine.open()  # in this thread: the signal arrives before open() returns
    return answer


def main(argv: list[str]) -> int:
    app = QGuiApplication(sys.argv[:1])
    what, arguments = (argv[0], argv[1:]) if argv else ("display", [])
    answer = speech(arguments) if what == "speech" else display()
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
