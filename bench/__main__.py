"""``python -m bench [startup|tap|content|soak|all|mutation]``: measure, compare, print a table.

Every figure is a median (or a p95) of several runs, and the start-up and memory rows are
ratios against a bare PySide6 window measured in the same run, because these machines
are noisy. Results are for BENCHMARKS.md. ``mutation`` (not part of ``all``: it takes an
hour or more) runs mutmut on the core and prints each module's score (see TESTING.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import measure  # noqa: E402


def row(name: str, value: str, target: str, ok: bool) -> str:
    return f"| {name} | {value} | {target} | {'yes' if ok else 'NO'} |"


def startup_rows(runs: int) -> list[str]:
    """Bare window, kiosk (with and without its remembered first frame) and Chromium
    --kiosk, started in turn on one Xvfb screen."""
    with measure.virtual_screen() as display:
        started = measure.start_up(STARTS, runs, display)
        browser = measure.chromium() if display else None
        if display and browser:
            started["chromium"] = measure.start_up_chromium(runs, display, browser)
    where = f"Xvfb {measure.SCREEN[0]}x{measure.SCREEN[1]}" if display else "offscreen"
    first = {k: measure.median([r["first_frame_s"] for r in rs]) for k, rs in started.items()}

    def ms(kind: str) -> str:
        return f"{first[kind] * 1000:.0f} ms"

    rows = []
    for kind, name in (("kiosk", "remembered"), ("kiosk-cold", "after a content change")):
        ratio = first[kind] / first["bare"]
        rows.append(
            row(
                f"Start-up to first attract frame, {name} ({where})",
                f"{ms(kind)} vs bare {ms('bare')} = {ratio:.2f}x",
                "≤ 1.6x",
                ratio <= 1.6,
            )
        )
    if "chromium" in first:
        rows.append(
            row(
                "Start-up against Chromium --kiosk on a static page",
                f"kiosk {ms('kiosk')} vs Chromium {ms('chromium')}",
                "sooner",
                first["kiosk"] < first["chromium"],
            )
        )
    else:
        why = "no chromium" if display else "no Xvfb"
        rows.append(row("Start-up against Chromium --kiosk", f"not run: {why}", "sooner", False))
    for key, when, target in (
        ("pss_first_kib", "with the first frame up", "≤ 1.5x"),
        ("pss_kib", "2.5 s later, the kiosk wholly up", "(for reference)"),
    ):
        pss = {k: measure.median([r[key] for r in rs]) for k, rs in started.items()}
        browser = f"; Chromium {pss['chromium'] / 1024:.0f} MiB" if "chromium" in pss else ""
        for kind, name in (("kiosk", "remembered"), ("kiosk-cold", "after a content change")):
            ratio = pss[kind] / pss["bare"]
            value = (
                f"{pss[kind] / 1024:.1f} MiB vs bare {pss['bare'] / 1024:.1f} MiB "
                f"= {ratio:.2f}x" + (browser if kind == "kiosk" else "")
            )
            label = f"Memory (PSS) {when}, {name}"
            if target.startswith("≤"):
                rows.append(row(label, value, target, ratio <= 1.5))
            else:
                rows.append(f"| {label} | {value} | {target} | – |")
    return rows


#: The start-ups measured, bare first (each row is a ratio against it).
STARTS = ("bare", "kiosk", "kiosk-cold")


def tap_rows(taps: int) -> list[str]:
    rows = []
    for size, target in (((1920, 1080), 16.0), ((3840, 2160), 33.0)):
        times = measure.tap_to_frame(size, taps)
        p95 = measure.p95(times)
        rows.append(
            row(
                f"Tap → next page painted, {size[0]}x{size[1]}",
                f"p50 {measure.median(times):.1f} ms, p95 {p95:.1f} ms",
                f"p95 ≤ {target:.0f} ms",
                p95 <= target,
            )
        )
    return rows


def content_rows(runs: int) -> list[str]:
    shipped = measure.median(measure.load_shipped(runs))
    generated = measure.median(measure.load_generated(200, max(3, runs // 2)))
    return [
        row("Load + validate the shipped pack", f"{shipped:.0f} ms", "≤ 100 ms", shipped <= 100),
        row(
            "Load + validate 200 screens x 2 languages",
            f"{generated:.0f} ms",
            "≤ 500 ms",
            generated <= 500,
        ),
    ]


def soak_rows(interactions: int) -> list[str]:
    from bench.soak import Soak

    started = time.perf_counter()
    soak = Soak(seed=3)
    try:
        result = soak.run(interactions)
    finally:
        soak.close()
    growth = result.after.growth_over(result.before)
    rss = result.rss_growth_kib
    clean = all(v <= 0 for v in growth.values()) and (rss is None or rss <= 5 * 1024)
    return [
        row(
            f"Soak: {interactions:,} interactions ({time.perf_counter() - started:.0f} s)",
            f"growth {growth}, RSS {'n/a' if rss is None else f'{rss / 1024:+.1f} MiB'}",
            "no growth; RSS ≤ +5 MiB",
            clean,
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "what",
        nargs="?",
        default="all",
        choices=["all", "startup", "tap", "content", "soak", "mutation"],
    )
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up/content row")
    parser.add_argument("--taps", type=int, default=120, help="taps per size")
    parser.add_argument("--interactions", type=int, default=50_000, help="soak length")
    parser.add_argument(
        "--module",
        action="append",
        help="mutation: only this module (e.g. kiosk.scoring); repeatable",
    )
    parser.add_argument("--jobs", type=int, default=2, help="mutation: mutants run at once")
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="mutation: run only N mutants of each module not run yet, drawn at random "
        "(a score with its 95 %% range in minutes, where all of them take hours)",
    )
    parser.add_argument(
        "--report-only", action="store_true", help="mutation: print the last results, run nothing"
    )
    args = parser.parse_args(argv)
    if args.what == "mutation":
        from bench import mutation

        rows = mutation.main(args.module, args.jobs, run=not args.report_only, sample=args.sample)
        print("\n".join(rows))
        return 0 if all(not r.endswith("| NO |") for r in rows) else 1
    rows = ["| measure | result | target | met |", "|---|---|---|---|"]
    if args.what in ("all", "content"):
        rows += content_rows(args.runs)
    if args.what in ("all", "startup"):
        rows += startup_rows(args.runs)
    if args.what in ("all", "tap"):
        rows += tap_rows(args.taps)
    if args.what in ("all", "soak"):
        rows += soak_rows(args.interactions)
    print("\n".join(rows))
    return 0 if all(not r.endswith("| NO |") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
