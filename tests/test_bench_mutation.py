"""python -m bench mutation: the figures it prints are the figures mutmut recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import mutation


@pytest.fixture
def results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """mutmut's results for kiosk.scoring, as mutmut writes them (mutants/*.meta)."""
    monkeypatch.setattr(mutation, "REPO", tmp_path)
    meta = tmp_path / "mutants" / "kiosk" / "scoring.py.meta"
    meta.parent.mkdir(parents=True)
    codes = {f"kiosk.scoring.x_f__mutmut_{i}": None for i in range(1, 11)}
    codes.update({"kiosk.scoring.x_f__mutmut_1": 1, "kiosk.scoring.x_f__mutmut_2": 0})
    codes.update({"kiosk.scoring.x_f__mutmut_3": -24, "kiosk.scoring.x_f__mutmut_4": 33})
    meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    return meta


def test_exit_codes_are_read_as_killed_survived_or_not_run(results: Path) -> None:
    (score,) = mutation.read_scores(["kiosk.scoring"])
    assert (score.killed, score.timed_out) == (2, 1)  # a failing test (1), a timeout (-24)
    assert score.survived == ["kiosk.scoring.x_f__mutmut_2", "kiosk.scoring.x_f__mutmut_4"]
    assert score.not_run == 6
    row = mutation.table([score])[2]
    assert row == "| kiosk.scoring | 10 | 2 (1) | 2 | 6 | 50.0% | 15%–85% | ≥ 85% | NO |", row


def test_a_module_meets_the_target_only_when_every_mutant_has_run(results: Path) -> None:
    codes = {f"kiosk.scoring.x_f__mutmut_{i}": 1 for i in range(1, 21)}
    codes["kiosk.scoring.x_f__mutmut_20"] = None
    results.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    (score,) = mutation.read_scores(["kiosk.scoring"])
    assert mutation.table([score])[2].endswith("| NO |")
    codes["kiosk.scoring.x_f__mutmut_20"] = 0  # 19 of 20 killed: 95 %
    results.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    (score,) = mutation.read_scores(["kiosk.scoring"])
    assert mutation.table([score])[2].endswith("| 95.0% | (all run) | ≥ 85% | yes |")


def test_a_sample_is_drawn_from_the_mutants_not_run_and_the_same_each_time(results: Path) -> None:
    sample = mutation.sample_not_run("kiosk.scoring", 4)
    assert len(sample) == 4
    assert set(sample) <= {f"kiosk.scoring.x_f__mutmut_{i}" for i in range(5, 11)}
    assert mutation.sample_not_run("kiosk.scoring", 4) == sample
    assert len(mutation.sample_not_run("kiosk.scoring", 50)) == 6


def test_the_range_of_a_sampled_score() -> None:
    low, high = mutation.wilson_range(29, 40)
    assert (round(low, 3), round(high, 3)) == (0.572, 0.839)
    assert mutation.wilson_range(0, 0) == (0.0, 1.0)
    assert mutation.wilson_range(40, 40)[1] == 1.0
