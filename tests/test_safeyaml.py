"""The YAML reader: safe, bounded, and precise about lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import safeyaml
from kiosk.safeyaml import YamlProblem, parse_yaml, read_yaml


def test_values_remember_their_lines() -> None:
    document = parse_yaml("title: Hello\npages:\n  - title: One\n  - title: Two\n")
    assert document.data == {"title": "Hello", "pages": [{"title": "One"}, {"title": "Two"}]}
    assert document.line_of(("pages", 1, "title")) == 4
    assert document.key_line(("pages",)) == 2
    assert document.key_line(("pages", 1)) == 4, "a list item has no key: its own line"
    # An unknown location falls back to its nearest known parent.
    assert document.line_of(("pages", 0, "nope")) == 3


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: [1, 2\n", 2, "not valid YAML"),
        ("a: 1\n  b: 2\n", 2, "not valid YAML"),
        ("a: &x [1]\nb: *x\n", 1, "anchors and aliases"),
        ("a: 1\nb: 2\na: 3\n", 3, "appears twice"),
        ("run: !!python/object/apply:os.system [ls]\n", 1, "is not allowed"),
        ("when: !!python/name:os.system x\n", 1, "cannot read this value"),
        ("? [a, b]\n: 1\n", 1, "plain words"),
    ],
)
def test_problems_name_their_line(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a:\n\tb: 1\n",
            2,
            "found character that cannot start any token (use spaces, not tabs, to indent)",
        ),
        (
            "a: b\n\tc: 1\n",
            2,
            "found a tab character that violates indentation (use spaces, not tabs, to indent)",
        ),
        (
            "a\nb\nc: 1\n",
            3,
            "mapping values are not allowed in this context "
            "(a colon followed by a space inside a text: put the whole text in double quotes)",
        ),
        (
            'a: 1\n"b\n',
            2,
            "found unexpected end of stream (a quote or a bracket is not closed)",
        ),
        (
            "a:\n  - 1\n - 2\n",
            3,
            "did not find expected key "
            "(this line's indentation does not match the lines around it)",
        ),
        (
            "- a\nb: 1\n",
            2,
            "did not find expected '-' indicator "
            "(this list item's indentation does not match the items around it)",
        ),
        (
            "? a\nb\n",
            3,
            "could not find expected ':' (a key is missing its colon, or a quote is not closed)",
        ),
        ("a: @b\n", 1, "found character that cannot start any token"),  # no hint to give
    ],
)
def test_each_common_mistake_gets_its_plain_explanation(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert caught.value.message == f"this is not valid YAML: {message}"


def test_a_parser_error_with_no_words_or_place_is_still_explained() -> None:
    bare = yaml.MarkedYAMLError()  # what a parser may raise with nothing to say
    assert safeyaml._explain(bare, "a: 1\n") == "this is not valid YAML: unreadable"
    assert safeyaml._problem_line(bare) is None


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    hostile = "[" * 100_000 + "]" * 100_000
    # Newer libyaml builds refuse this themselves; either way it is a clean YamlProblem.
    with pytest.raises(YamlProblem, match="nest"):
        parse_yaml(hostile)


def test_billion_laughs_never_expands() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(YamlProblem, match="anchors and aliases"):
        parse_yaml("\n".join(lines))


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * (safeyaml.MAX_FILE_BYTES + 1), encoding="utf-8")
    with pytest.raises(YamlProblem, match="at most"):
        read_yaml(path)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: ok\nsummary: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path)
    assert caught.value.line == 2
    assert "UTF-8" in caught.value.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_either_parses_or_is_a_yaml_problem(text: str) -> None:
    try:
        parse_yaml(text)
    except YamlProblem as problem:
        # Every refusal must tell the editor something; anything else would propagate.
        assert problem.message  # noqa: PT017


# --- every limit at its edge, with its exact words and line (mutation testing asked) -----


def test_nesting_counts_levels_open_now_not_levels_seen_before() -> None:
    deepest = "[" * safeyaml.MAX_DEPTH + "]" * safeyaml.MAX_DEPTH
    assert parse_yaml(deepest).data is not None, "exactly the limit is allowed"
    beside = "a: [1]\nb: " + "[" * 12 + "]" * 12 + "\n"  # 13 levels under the top mapping
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(beside)
    assert (caught.value.line, caught.value.message) == (
        2,
        f"the data is nested more than {safeyaml.MAX_DEPTH} levels deep",
    )


def test_the_value_limit_is_exact_and_names_the_line() -> None:
    def items(count: int) -> str:  # a mapping, its key and the list: 3 values more
        return "items:\n" + "".join(f"  - {i}\n" for i in range(count))

    parse_yaml(items(safeyaml.MAX_NODES - 3))
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(items(safeyaml.MAX_NODES - 2))
    assert (caught.value.line, caught.value.message) == (
        safeyaml.MAX_NODES - 1,
        f"the file has more than {safeyaml.MAX_NODES} values",
    )


def test_the_size_limit_is_exact_and_says_both_sizes(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * (safeyaml.MAX_FILE_BYTES - 3), encoding="utf-8")
    assert read_yaml(path).data == {"a": "x" * (safeyaml.MAX_FILE_BYTES - 3)}
    path.write_text("a: " + "x" * (safeyaml.MAX_FILE_BYTES + 2048), encoding="utf-8")
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path)
    assert caught.value.message == "the file is 514 KiB; content files may be at most 512 KiB"


def test_unreadable_files_say_why(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem) as missing:
        read_yaml(tmp_path / "nope.yaml")
    assert missing.value.message == "cannot read the file (No such file or directory)"
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(YamlProblem) as not_a_file:
        read_yaml(folder)
    assert not_a_file.value.message.startswith("cannot read the file (")
    assert not_a_file.value.message != "cannot read the file (None)"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\n---\nb: 2\n", 2, "a content file holds one document; remove the extra '---'"),
        ("a: &x [1]\n", 1, "anchors and aliases (& and *) are not allowed in content files"),
        ("<<: {a: 1}\n", 1, "keys must be plain words"),
    ],
)
def test_refusals_in_full(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_a_non_utf8_file_is_told_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path)
    assert caught.value.message == "the file is not UTF-8 text; save it as UTF-8"


def test_an_unknown_place_falls_back_to_its_nearest_known_parent() -> None:
    document = parse_yaml("title: Hello\npages:\n  - title: One\n")
    assert document.line_of(("pages", 0, "nope", "deeper")) == 3
