"""The ``kiosk`` command.

``kiosk validate`` must work on a machine with no display and must never print a
traceback, so this module imports nothing from Qt; the user interface is imported only when
the kiosk is actually started.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.errors import ContentError, ContentErrors, printable
from kiosk.paths import bundled_content_dir

if TYPE_CHECKING:
    # Imported where used: pydantic and the content model are the slowest part of a
    # start, and the first frame is shown before them (see kiosk.first_frame).
    from kiosk.loader import ContentPack
    from kiosk.model import MachineConfig
    from kiosk.views.first_frame import ShownFrame


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for ``kiosk [options]`` and ``kiosk validate [DIR]``."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="KetaMD waiting-room kiosk. With no command, start the kiosk.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="run in a normal window that can be closed (preview for content editors)",
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="content pack to show (default: the bundled one)",
    )
    parser.add_argument("--lang", metavar="CODE", help="start language, e.g. en")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="this kiosk's own settings (default: kiosk.yaml in the platform's config "
        "folder, or $KIOSK_CONFIG)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check a content pack without starting the kiosk"
    )
    validate.add_argument(
        "directory", nargs="?", type=Path, metavar="DIR", help="the pack (default: the bundled one)"
    )
    validate.add_argument(
        "--quick",
        action="store_true",
        help="skip laying out every question at every screen size (a few seconds)",
    )
    set_pin = commands.add_parser(
        "set-pin", help="set the staff PIN (4 to 12 digits) that opens the staff panel"
    )
    set_pin.add_argument(
        "--stdin",
        action="store_true",
        help="read from standard input (for scripts): the current PIN on the first line "
        "when one is set, then the new PIN",
    )
    test_alert = commands.add_parser(
        "test-alert",
        help="send a marked test alert to every staff-alert destination and say which "
        "ones received it",
    )
    test_alert.add_argument(
        "--config", dest="test_config", type=Path, metavar="FILE", help="as for the kiosk"
    )
    gallery = commands.add_parser(
        "gallery", help="render every screen to PNG files (all sizes, both themes)"
    )
    gallery.add_argument("out", type=Path, metavar="OUT_DIR", help="folder for the pictures")
    gallery.add_argument(
        "--content",
        dest="gallery_content",
        type=Path,
        metavar="DIR",
        help="the pack to picture (default: the bundled one)",
    )
    status = commands.add_parser(
        "status",
        help="is the kiosk up? Prints up, degraded (with reasons) or down; exit code 0, 1 or 2",
    )
    status.add_argument("--json", action="store_true", help="the whole status, as JSON")
    doctor = commands.add_parser(
        "doctor",
        help="check this machine before patients use it: one line per check, ok / warning "
        "/ problem with what to do; exit code 0, 1 or 2",
    )
    doctor.add_argument(
        "--content",
        dest="doctor_content",
        type=Path,
        metavar="DIR",
        help="the content the kiosk shows (default: $KIOSK_CONTENT, else the content "
        "folder of a per-user install, else the bundled pack)",
    )
    doctor.add_argument(
        "--config", dest="doctor_config", type=Path, metavar="FILE", help="as for the kiosk"
    )
    doctor.add_argument("--no-alert", action="store_true", help="do not send a test alert to staff")
    doctor.add_argument("--json", action="store_true", help="the findings as JSON, for fleets")
    stats = commands.add_parser(
        "stats", help="usage counts per day (no patient data): topics, checks, languages, …"
    )
    stats.add_argument(
        "--days", type=int, default=30, metavar="N", help="the last N days (default 30)"
    )
    stats.add_argument(
        "--csv",
        action="store_true",
        help="one line per day and count, for a spreadsheet; counts from 1 to 4 read <5",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    use_utf8_output()
    args = build_parser().parse_args(argv)
    if args.command == "doctor":
        return doctor(
            args.doctor_content or args.content or doctor_content_dir(),
            args.doctor_config or args.config,
            send_alert=not args.no_alert,
            as_json=args.json,
        )
    if args.command == "validate":
        return validate(args.directory or args.content or bundled_content_dir(), not args.quick)
    if args.command == "set-pin":
        return set_staff_pin(from_stdin=args.stdin)
    if args.command == "test-alert":
        return send_test_alert(args.test_config or args.config)
    if args.command == "status":
        return kiosk_status(as_json=args.json)
    if args.command == "stats":
        return usage_stats(args.days, as_csv=args.csv)
    if args.command == "gallery":
        return gallery(args.gallery_content or args.content or bundled_content_dir(), args.out)
    return run(args)


def use_utf8_output() -> None:
    """UTF-8 whatever the console's code page: under Windows' cp1252 a "→", a "✓" or a
    file name in another script would stop a report halfway with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def doctor_content_dir() -> Path:
    """The content the kiosk on this machine shows, as best the doctor can tell."""
    from kiosk.paths import kiosk_home

    if from_environment := os.environ.get("KIOSK_CONTENT"):
        return Path(from_environment)
    installed = kiosk_home() / "content"
    return installed if installed.is_dir() else bundled_content_dir()


def doctor(content_dir: Path, config_file: Path | None, send_alert: bool, as_json: bool) -> int:
    """``kiosk doctor``: every check, one line each; 0 all ok, 1 warnings, 2 a problem."""
    from kiosk import doctor as checks

    if not as_json:
        print(f"KetaMD kiosk {__version__}: checking this machine (content: {content_dir}) ...")
    findings = checks.run_doctor(content_dir, config_file, send_alert=send_alert)
    if as_json:
        print(checks.as_json(findings, __version__))
    else:
        for line in checks.render(findings):
            print(line)
    return checks.exit_code(findings)


def kiosk_status(as_json: bool = False) -> int:
    """Print whether the kiosk on this machine is up; 0 up, 1 degraded, 2 down."""
    from dataclasses import asdict

    from kiosk.status import EXIT_CODES, assess, read_status

    status = read_status()
    state, reasons = assess(status)
    if as_json:
        heartbeat = asdict(status) if status else None
        whole = {"state": state, "reasons": reasons, "heartbeat": heartbeat}
        print(json.dumps(whole, indent=2))
    else:
        print(state)
        for reason in reasons:
            print(f"  - {printable(reason)}")
        if status is not None and state != "down":
            print(
                f"  {printable(status.kiosk_name)} · version {printable(status.version)} · "
                f"{status.sessions} sessions since start · {status.memory_mb:.0f} MiB · "
                f"{printable(status.schedule)}"
            )
    return EXIT_CODES[state]


def usage_stats(days: int, as_csv: bool = False) -> int:
    """Print the usage counts of the last ``days`` days."""
    import sqlite3
    from datetime import date, timedelta

    from kiosk.paths import state_dir
    from kiosk.usage import USAGE_FILE, UsageCounts, summary_lines, to_csv

    if days < 1:
        print("--days must be 1 or more.")
        return 1
    if not (state_dir() / USAGE_FILE).is_file():
        print("No usage counted yet on this machine.")
        return 0
    since = date.today() - timedelta(days=days - 1)
    try:
        counts = UsageCounts()
        try:
            rows = counts.rows(since)
        finally:
            counts.close()
    except (sqlite3.Error, OSError) as exc:
        print(f"The usage counts cannot be read: {exc}")
        return 1
    if as_csv:
        sys.stdout.write(to_csv(rows))
        return 0
    totals: dict[str, int] = {}
    for _, name, count in rows:
        totals[name] = totals.get(name, 0) + count
    print(f"Usage from {since.isoformat()} to {date.today().isoformat()} ({days} days):")
    for line in summary_lines(dict(sorted(totals.items()))):
        print(f"  {printable(line)}")
    return 0


def set_staff_pin(from_stdin: bool = False) -> int:
    """Ask for a new staff PIN twice and store its salted hash. When a PIN is set, the
    current one is asked first (through the same lock-out as the pad): anyone at a
    terminal must not be able to take over the staff panel."""
    import getpass

    from kiosk.pin import PinError, PinGuard, check_pin_format, pin_is_set, set_pin

    try:
        if pin_is_set():
            if from_stdin:
                current = sys.stdin.readline().strip()
            else:
                current = getpass.getpass("Current staff PIN: ")
            attempt = PinGuard().attempt(current)
            if not attempt.accepted:
                if attempt.locked_for:
                    print(f"Too many wrong PINs: try again in {attempt.locked_for:.0f} seconds.")
                else:
                    print("That is not the current staff PIN; nothing was changed.")
                return 1
        if from_stdin:
            pin = sys.stdin.readline().strip()
        else:
            pin = getpass.getpass("New staff PIN (4 to 12 digits): ")
            if getpass.getpass("The same PIN again: ") != pin:
                print("The two PINs were not the same; nothing was changed.")
                return 1
        check_pin_format(pin)
        path = set_pin(pin)
    except PinError as exc:
        print(f"Not set: {exc}.")
        return 1
    except (OSError, EOFError, KeyboardInterrupt) as exc:
        print(f"Not set: {exc or 'cancelled'}.")
        return 1
    print(f"Staff PIN set (stored as a salted hash in {path}).")
    return 0


def send_test_alert(config_file: Path | None) -> int:
    """``kiosk test-alert``: one line per destination; 0 only when every one received it."""
    from kiosk.alerts import DeliveryState, StaffAlerter
    from kiosk.machine import config_path, load_machine_config

    path, _ = config_path(config_file)
    try:
        config = load_machine_config(config_file)
    except ContentErrors as exc:
        print(exc.render())
        print(f"{path}: fix these problems first; no alert was sent")
        return 2
    alerts = config.staff_alerts
    name = config.kiosk_name or "this kiosk"
    alerter = StaffAlerter(alerts, name)
    if not alerter.configured and not alerts.escalation_urls:
        print(
            f"No staff-alert destination is set in {path}: patients would be sent to the "
            "front desk. Add staff_alerts.urls (see docs/alerts.md)."
        )
        return 1
    print(f"Sending a test alert from {name} (each has {alerts.deadline_seconds:g} s) ...")
    results = alerter.test_all()
    for result in results:
        if result.state is DeliveryState.DELIVERED:
            print(f"  delivered  {result.label}")
        else:
            reason = result.reason or f"no answer within {alerts.deadline_seconds:g} s"
            print(f"  FAILED     {result.label}: {reason}")
    alerter.shutdown()
    delivered = sum(r.state is DeliveryState.DELIVERED for r in results)
    print(f"{delivered} of {len(results)} destinations received the test alert.")
    return 0 if delivered == len(results) else 1


def _describe_failure(exc: Exception) -> str:
    if isinstance(exc, ContentErrors):
        return exc.render()
    return f"{type(exc).__name__}: {exc}"


def _fallback_pack() -> ContentPack:
    from kiosk.last_good import last_good_dir
    from kiosk.loader import load_pack

    kept = last_good_dir()
    if kept.is_dir():
        try:
            return load_pack(kept)
        except Exception:  # noqa: BLE001,S110 - then the bundled pack, which is tested
            pass
    return load_pack(bundled_content_dir())


def gallery(pack_dir: Path, out_dir: Path) -> int:
    """Render every screen of the pack into ``out_dir``."""
    if (out_dir / "settings.yaml").exists():
        print(
            f"{out_dir} is a content pack; give an empty folder for the pictures "
            f"(to picture this pack: kiosk gallery OUT_DIR --content {out_dir})"
        )
        return 1
    if out_dir.exists() and not out_dir.is_dir():
        print(f"{out_dir} is a file; give a folder for the pictures")
        return 1
    from kiosk.loader import load_pack

    try:
        pack = load_pack(pack_dir)
    except ContentErrors as exc:
        print(exc.render())
        return 1
    from kiosk.gallery import render_gallery  # Qt is imported only here

    written = render_gallery(pack, out_dir)
    print(f"{len(written)} pictures in {out_dir}")
    return 0


def validate(pack_dir: Path, check_fit: bool = True) -> int:
    """Print every problem, then how many, and return 1; or the notes and warnings, then a
    one-line summary, and return 0 (warnings do not stop a pack from running).

    Everything goes to standard output, in that order: ``kiosk validate DIR > report.txt``
    keeps the whole report, and the exit code says whether the pack can run."""
    from kiosk.validation import load_checked

    try:
        pack = load_checked(pack_dir)
    except ContentErrors as exc:
        print(exc.render())
        count = len(exc.errors)
        print(printable(f"{pack_dir}: {count} problem{'s' if count != 1 else ''} found"))
        return 1
    except Exception as exc:  # noqa: BLE001 - validate promises never to show a traceback
        print(printable(f"{pack_dir}: could not check this pack ({type(exc).__name__}: {exc})"))
        return 1
    for note in pack.notes:
        print(_labelled(note, "note"))
    warnings = glyph_warnings(pack.root)
    if check_fit:
        warnings += fit_warnings(pack.root)
    for warning in warnings:
        print(_labelled(warning, "warning"))
    print(summary(pack))
    return 0


def _labelled(error: ContentError, kind: str) -> str:
    file = printable(str(error.file))
    where = f"{file}:{error.line}" if error.line is not None else file
    return f"{where}: {kind}: {printable(error.message)}"


QT_CHECK_TIMEOUT_S = 300


def fit_warnings(pack_dir: Path) -> list[ContentError]:
    """Questions whose answers would not all show without scrolling, at some size.

    Laid out by the kiosk's own screens in a child process: fonts decide what fits, and
    this command must not load Qt itself (or fail if Qt cannot start here).
    """
    return _qt_check_warnings(
        "kiosk.fit_check",
        pack_dir,
        "could not lay out the questions to check that they fit the screen",
    )


def glyph_warnings(pack_dir: Path) -> list[ContentError]:
    """Characters of the pack that no font on this machine can draw.

    Asked of Qt's own font fallback in a child process, as the fit check is."""
    return _qt_check_warnings(
        "kiosk.glyph_check",
        pack_dir,
        "could not check that this machine's fonts can draw every character",
    )


def _qt_check_warnings(module: str, pack_dir: Path, failed: str) -> list[ContentError]:
    """Run ``python -m MODULE DIR`` offscreen; its warnings, one JSON object a line."""
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", module, str(pack_dir)]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=QT_CHECK_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [_qt_check_failed(pack_dir, failed, str(exc))]
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        return [_qt_check_failed(pack_dir, failed, reason)]
    found = []
    for line in result.stdout.splitlines():
        try:
            item = json.loads(line)
            found.append(ContentError(Path(item["file"]), item["line"], item["message"]))
        except (ValueError, KeyError, TypeError):
            continue  # a stray line from Qt, not a result
    return found


def _qt_check_failed(pack_dir: Path, failed: str, reason: str) -> ContentError:
    return ContentError(pack_dir, None, f"{failed} ({reason}); everything else was checked")


def summary(pack: ContentPack) -> str:
    """One line describing a valid pack."""
    languages = ", ".join(pack.languages)
    screens = {sid for lang in pack.languages.values() for sid in lang.screens}
    pages = sum(
        len(getattr(screen, "pages", ())) or 1
        for lang in pack.languages.values()
        for screen in lang.screens.values()
    )
    images = len(list((pack.root / "images").glob("*"))) if (pack.root / "images").is_dir() else 0
    return (
        f"{printable(str(pack.root))}: valid — {len(pack.languages)} language(s) ({languages}), "
        f"{len(screens)} screens, {pages} pages, {images} images"
    )


EXIT_ALREADY_RUNNING = 3


def run(args: argparse.Namespace) -> int:
    """Start the kiosk (or the windowed preview)."""
    screen_lock = None
    if not args.windowed:  # an editor's windowed preview may run beside the kiosk
        from kiosk.instance import AlreadyRunning, claim_the_screen

        try:
            screen_lock = claim_the_screen()
        except AlreadyRunning as exc:
            print(exc, file=sys.stderr)
            return EXIT_ALREADY_RUNNING
    try:
        return _start(args)
    finally:
        if screen_lock is not None:
            screen_lock.unlock()


def _start(args: argparse.Namespace) -> int:
    pack_dir: Path = args.content or bundled_content_dir()
    shown = _show_first_frame(pack_dir, args)
    from kiosk.validation import load_for_showing

    try:
        # Checked, images drawn within budget, and snapshotted: what is shown is what
        # was checked, and the snapshot is the new last good copy.
        pack = load_for_showing(pack_dir)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong, patients get a working kiosk
        problems = _describe_failure(exc)
        print(f"The content in {pack_dir} has problems:\n{problems}", file=sys.stderr)
        if args.windowed or args.content is None:
            # An editor previewing a pack must fix it; the bundled pack cannot be replaced.
            return 1
        # Patients must never face a broken kiosk: show the last good copy of the
        # clinic's content, or else the bundled content, and tell staff why.
        startup_problems = problems.splitlines()
        pack = _fallback_pack()
        print(f"Showing {pack.root} instead.", file=sys.stderr)
    else:
        startup_problems = []
    if args.lang and args.lang not in pack.languages:
        print(
            f"--lang {args.lang}: this pack has {', '.join(pack.languages)}; "
            f"starting in {pack.settings.default_language}",
            file=sys.stderr,
        )
    config, config_problems = _machine_config(args.config)
    from kiosk.app import run_kiosk  # Qt is imported only to show the kiosk

    return run_kiosk(
        pack,
        windowed=args.windowed,
        language=args.lang,
        content_dir=pack_dir,
        content_problems=startup_problems,
        config=config,
        config_problems=config_problems,
        config_file=args.config,
        shown=shown,
    )


def _show_first_frame(pack_dir: Path, args: argparse.Namespace) -> ShownFrame | None:
    """The attract loop as the last start left it, on screen before the pack is checked
    (see kiosk.first_frame); None when none was kept for these very files, or when the
    kiosk was asked for a language of its own."""
    if args.lang:
        return None
    from kiosk.first_frame import recall

    frame = recall(pack_dir)
    if frame is None:
        return None
    from kiosk.views.first_frame import show_first_frame

    return show_first_frame(frame, windowed=args.windowed)


def _machine_config(config_file: Path | None) -> tuple[MachineConfig, list[str]]:
    """This kiosk's kiosk.yaml. A broken one never stops the kiosk: it runs without staff
    alerts (patients are sent to the front desk) and the staff panel says why."""
    from kiosk.machine import load_machine_config
    from kiosk.model import MachineConfig

    try:
        return load_machine_config(config_file), []
    except ContentErrors as exc:
        print(f"kiosk.yaml has problems; staff alerts are off:\n{exc.render()}", file=sys.stderr)
        return MachineConfig(), [str(error) for error in exc.errors]
