"""Read a YAML file safely and remember the line of every value.

Content files are written by people, so a mistake must point at a line; and they could be
hostile, so reading one must never hang or exhaust the kiosk. Hence:

* only PyYAML's *safe* loader (the C one when present), never ``yaml.load``;
* a size limit, checked before parsing;
* a nesting limit and a node limit, checked on the parser's event stream, which is
  iterative, before the recursive composer runs (a 100 000-deep ``[[[[`` would otherwise
  end in ``RecursionError``);
* no anchors or aliases (``&a`` / ``*a``): content never needs them and they are the
  "billion laughs" expansion attack;
* duplicate keys are an error instead of silently keeping the last one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is much faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12
MAX_NODES = 20_000

Location = tuple[str | int, ...]


class YamlProblem(Exception):
    """A file that cannot be read as content YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class YamlDocument:
    """The plain Python data of a file plus the line where each value starts."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int | None:
        """Return the line of ``location``, or of its nearest parent that has one."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)

    def key_line(self, location: Location) -> int | None:
        """Return the line of the *key* of a mapping entry (for 'unknown key' messages)."""
        return self.lines.get(("<key>", *location)) or self.line_of(location)


def read_yaml(path: Path) -> YamlDocument:
    """Read ``path`` into a :class:`YamlDocument`.

    Raises:
        YamlProblem: the file is missing, too big, not UTF-8, not YAML or breaks a limit.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(f"cannot read the file ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {size // 1024} KiB; content files may be at most "
            f"{MAX_FILE_BYTES // 1024} KiB"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise YamlProblem("the file is not UTF-8 text; save it as UTF-8", line) from None
    except OSError as exc:
        raise YamlProblem(f"cannot read the file ({exc.strerror or exc})") from None
    return parse_yaml(text)


def parse_yaml(text: str) -> YamlDocument:
    """Parse YAML text (one document) into a :class:`YamlDocument`."""
    try:
        _check_events(yaml.parse(text, Loader=_SafeLoader))
        node = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_explain(exc, text), _problem_line(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"this is not valid YAML: {exc}") from None
    if node is None:
        return YamlDocument(data=None)
    document = YamlDocument(data=None)
    document.data = _Builder(document.lines).build(node, ())
    return document


# The parser's words, and what they usually mean for someone editing a content file.
_TAB_HINT = "use spaces, not tabs, to indent"
_HINTS = (
    ("tab character", _TAB_HINT),
    (
        "mapping values are not allowed",
        "a colon followed by a space inside a text: put the whole text in double quotes",
    ),
    ("unexpected end of stream", "a quote or a bracket is not closed"),
    ("did not find expected key", "this line's indentation does not match the lines around it"),
    (
        "did not find expected '-' indicator",
        "this list item's indentation does not match the items around it",
    ),
    ("could not find expected ':'", "a key is missing its colon, or a quote is not closed"),
)


def _explain(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = str(exc.problem or exc.context or "unreadable")
    hint = next((words for clue, words in _HINTS if clue in problem), None)
    if _tab_at(exc.problem_mark, text):
        # The fast parser (libyaml) does not name the character it could not read.
        hint = _TAB_HINT
    return f"this is not valid YAML: {problem}" + (f" ({hint})" if hint else "")


def _tab_at(mark: yaml.Mark | None, text: str) -> bool:
    if mark is None:
        return False
    line = text.splitlines()[mark.line : mark.line + 1]
    return bool(line) and line[0][mark.column : mark.column + 1] == "\t"


def _problem_line(exc: yaml.MarkedYAMLError) -> int | None:
    # For a construct left open (a bracket or a quote), the editor's mistake is where it
    # began (the context mark); the parser only notices lines later. Anywhere else the
    # problem mark is the line to fix.
    left_open = str(exc.context).startswith(("while parsing a flow", "while scanning a quoted"))
    mark = exc.context_mark if left_open and exc.context_mark else exc.problem_mark
    return mark.line + 1 if mark is not None else None


def _check_events(events: Iterator[yaml.Event]) -> None:
    depth = 0
    nodes = 0
    documents = 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    "a content file holds one document; remove the extra '---'",
                    _line(event),
                )
        elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(
                "anchors and aliases (& and *) are not allowed in content files",
                _line(event),
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    _line(event),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlProblem(f"the file has more than {MAX_NODES} values", _line(event))


_PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


class _Builder:
    """Turn a composed node tree into plain data, recording lines by location."""

    def __init__(self, lines: dict[Location, int]) -> None:
        self._lines = lines
        self._constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, location: Location) -> Any:
        self._lines[location] = node.start_mark.line + 1
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_COLLECTION_TAGS:
            raise YamlProblem(
                f"the tag '{node.tag}' is not allowed in content files", node.start_mark.line + 1
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, i)) for i, item in enumerate(node.value)]
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            raise YamlProblem(
                f"cannot read this value: {exc.problem}", node.start_mark.line + 1
            ) from None

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                raise YamlProblem("keys must be plain words", line)
            key = str(key_node.value)
            if key in result:
                raise YamlProblem(f"the key '{key}' appears twice in the same block", line)
            self._lines[("<key>", *location, key)] = line
            result[key] = self.build(value_node, (*location, key))
        return result
