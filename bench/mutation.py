"""Mutation testing of the core with mutmut: does the suite fail when the code breaks?

mutmut changes the code one small step at a time (a ``<`` for a ``<=``, a constant, a
deleted call) and runs the tests that reach the changed function; a mutant the tests
do not notice "survives". The modules and the files mutmut copies are configured in
pyproject.toml (``[tool.mutmut]``); results land in ``mutants/`` and are read back here.
A module meets its target when at least 85 % of its mutants are killed.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 0.85

# mutmut's exit codes (mutmut.stats.status_by_exit_code): a test run that failed, timed out
# or crashed on the mutant has noticed it (a crash: the mutant raised inside a Qt event
# filter, which takes the test process down). "No tests" counts as survived: nothing
# would notice that change.
KILLED_CODES = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}
SURVIVED_CODES = {0, 5, 33}
# Timed out: killed for mutmut (a mutant that hangs is noticed), but a loaded machine
# can time out a mutant the tests would not have noticed, so the table counts them apart.
TIMEOUT_CODES = {-24, 24, 152}


@dataclass
class ModuleScore:
    module: str
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    not_run: int = 0
    timed_out: int = 0  # of the killed

    @property
    def checked(self) -> int:
        return self.killed + len(self.survived)

    @property
    def score(self) -> float:
        return self.killed / self.checked if self.checked else 0.0


def core_modules() -> list[str]:
    """The modules pyproject.toml asks mutmut to mutate, as dotted names."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    paths = config["tool"]["mutmut"]["only_mutate"]
    return [Path(path).with_suffix("").as_posix().replace("/", ".") for path in paths]


def run_mutmut(modules: list[str], max_children: int, sample: int | None = None) -> None:
    """Run mutmut on ``modules``: every one of their mutants, again (mutmut re-runs the
    mutants named on its command line even where it has a verdict, so a module's score is
    always that of this run's code and tests), or with ``sample``, that many of the ones
    not run yet per module, drawn at random."""
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or "mutmut"
    # First a run that asks for no mutant: it finds which tests reach which function (after
    # any test changed) in a process of its own. Done inside the real run, it leaves that
    # process with Qt's application running, and the mutants' test runs, forked from it,
    # then fail whatever the mutant: every mutant counted killed (seen: all 296 of
    # kiosk.pin, the equivalent ones too).
    subprocess.run([mutmut, "run", "kiosk.__no_such_mutant__"], cwd=REPO, check=False)
    if sample is None:
        targets = [f"{module}*" for module in modules]
    else:
        targets = [name for module in modules for name in sample_not_run(module, sample)]
        if not targets:
            return
    subprocess.run(
        [mutmut, "run", "--max-children", str(max_children), *targets],
        cwd=REPO,
        check=False,
    )


def _meta_path(module: str) -> Path:
    return REPO / "mutants" / (module.replace(".", "/") + ".py.meta")


def sample_not_run(module: str, size: int, seed: int = 20261128) -> list[str]:
    """``size`` mutants of ``module`` not run yet, drawn at random (the same draw for the
    same seed and mutants, so an interrupted sample goes on where it stopped)."""
    meta = _meta_path(module)
    if not meta.exists():
        return []
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    names = sorted(name for name, code in codes.items() if code is None)
    random.Random(seed).shuffle(names)
    return names[:size]


def read_scores(modules: list[str]) -> list[ModuleScore]:
    scores = []
    for module in modules:
        meta = _meta_path(module)
        result = ModuleScore(module)
        if meta.exists():
            codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            for name, code in sorted(codes.items()):
                if code in KILLED_CODES:
                    result.killed += 1
                    result.timed_out += code in TIMEOUT_CODES
                elif code in SURVIVED_CODES:
                    result.survived.append(name)
                else:
                    result.not_run += 1
        scores.append(result)
    return scores


def wilson_range(killed: int, checked: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % range of the true score when ``checked`` mutants were drawn at random and
    ``killed`` of them were killed (Wilson's interval: sound for small samples too)."""
    if checked == 0:
        return (0.0, 1.0)
    share = killed / checked
    centre = (share + z * z / (2 * checked)) / (1 + z * z / checked)
    half = (z / (1 + z * z / checked)) * math.sqrt(
        share * (1 - share) / checked + z * z / (4 * checked * checked)
    )
    return (max(0.0, centre - half), min(1.0, centre + half))


def table(scores: list[ModuleScore]) -> list[str]:
    """One row a module; a module meets the target only once every mutant has run. While
    some have not, the score is that of the ones checked, with its 95 % range (the ones
    checked being a random sample: python -m bench mutation --sample N)."""
    rows = [
        "| module | mutants | killed (timed out) | survived | not run yet | score | 95 % range "
        "| target | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        met = s.checked > 0 and s.not_run == 0 and s.score >= TARGET
        if s.not_run == 0:
            spread = "(all run)"
        else:
            low, high = wilson_range(s.killed, s.checked)
            spread = f"{low:.0%}–{high:.0%}"
        rows.append(
            f"| {s.module} | {s.checked + s.not_run} | {s.killed} ({s.timed_out}) "
            f"| {len(s.survived)} "
            f"| {s.not_run} | {s.score:.1%} | {spread} | ≥ {TARGET:.0%} "
            f"| {'yes' if met else 'NO'} |"
        )
    return rows


def main(
    modules: list[str] | None, max_children: int, run: bool = True, sample: int | None = None
) -> list[str]:
    chosen = modules or core_modules()
    if run:
        run_mutmut(chosen, max_children, sample)
    scores = read_scores(chosen)
    rows = table(scores)
    survivors = [name for s in scores for name in s.survived]
    if survivors:
        rows += ["", "Surviving mutants (`mutmut show NAME` shows each):"]
        rows += [f"- {name}" for name in survivors]
    return rows
