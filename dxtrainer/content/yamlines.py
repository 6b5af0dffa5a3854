"""YAML loading that remembers the line of every mapping and key, for file:line messages."""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict):
    """A dict from YAML that knows its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    line_offset: int = 0  # file line of the text's first line, minus one


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    offset = loader.line_offset
    result.line = node.start_mark.line + 1 + offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1 + offset
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# YAML 1.1 reads 'yes'/'no'/'on'/'off' as booleans and dates as date objects; a trainer writing
# `date: 2024-02-05` means a string, so keep timestamps as text.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    def __init__(self, line: int, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.detail = detail


def load(text: str, first_line: int = 1) -> Any:
    """Parse YAML; raise YamlError with the file line (text starts at `first_line`)."""
    loader = _LineLoader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        return _raise(line, f"{exc.context or ''} {exc.problem or ''}".strip())
    except yaml.YAMLError as exc:
        return _raise(first_line, str(exc))
    finally:
        loader.dispose()


def _raise(line: int, detail: str) -> Any:
    raise YamlError(line, detail)
