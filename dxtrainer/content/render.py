"""Renders a lesson body to sanitised HTML that QTextBrowser can show (no script, no remote loads).

QTextBrowser understands only a subset of HTML/CSS: borders and padding apply to tables and cells
only, and inline `style` on cells defeats the stylesheet. So admonitions become one-cell tables,
alignment becomes `align=`, and every id gets an `<a name>` anchor that scrollToAnchor can find.
"""

from __future__ import annotations

import html
import itertools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3

from dxtrainer.content.links import ALLOWED_TAGS, EXTERNAL_SCHEMES, show_addresses
from dxtrainer.domain.content import Lesson

ADMONITION_KINDS = ("point", "caution", "example")
_TAGS = set(ALLOWED_TAGS)  # what validate warns about is exactly what is removed
_ATTRS = {
    "*": {"class", "id", "align", "title"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class RenderedLesson:
    html: str
    toc: tuple[TocEntry, ...]


def _fenced_code_without_pygments() -> None:
    """Load Markdown's fenced_code (and the codehilite module it imports) with Pygments kept out.
    codehilite imports Pygments whenever it is installed (pytest brings it), about 40 modules,
    although it highlights only when its own extension is enabled, which we never do: fenced
    blocks become <pre><code> either way, so the HTML is the same without it."""
    if "markdown.extensions.fenced_code" in sys.modules:
        return
    blocked = "pygments" not in sys.modules
    if blocked:
        sys.modules["pygments"] = None  # type: ignore[assignment]  # `import pygments` fails
    try:
        import markdown.extensions.fenced_code  # noqa: F401
    finally:
        if blocked:
            del sys.modules["pygments"]


def render_markdown(text: str, images_dir: Path, titles: dict[str, str]) -> RenderedLesson:
    """Markdown -> safe HTML. `titles` maps admonition kinds to their default (translated) titles."""
    _fenced_code_without_pygments()
    counter = itertools.count(1)
    md = markdown.Markdown(
        extensions=["tables", "fenced_code", "footnotes", "admonition", "toc", "sane_lists",
                    "attr_list"],
        extension_configs={"toc": {"slugify": lambda _value, _sep: f"sec-{next(counter)}"},
                           "footnotes": {"BACKLINK_TEXT": "↩", "BACKLINK_TITLE": "↩ %d"}},
    )
    raw = md.convert(text)
    raw = re.sub(r'<(t[hd])([^>]*?) style="text-align: ?(\w+);?"', r'<\1\2 align="\3"', raw)
    clean = nh3.clean(raw, tags=_TAGS, attributes=_ATTRS, url_schemes={"glossary", "lesson", *EXTERNAL_SCHEMES},
                      link_rel=None, strip_comments=True)
    clean = show_addresses(_admonitions(clean, titles))
    clean = _figures(clean, images_dir)
    clean = re.sub(r'<table>', '<table class="data" width="100%" cellspacing="0" cellpadding="6">',
                   clean)
    clean = re.sub(r'<(h[2-6]|li|sup|div)( [^>]*)? id="([^"]+)"([^>]*)>',
                   lambda m: f'<{m[1]}{m[2] or ""} id="{m[3]}"{m[4]}><a name="{m[3]}"></a>', clean)
    toc = tuple(
        TocEntry(e["id"], html.unescape(e["name"]), e["level"])
        for e in _flatten(getattr(md, "toc_tokens", []))
        if e["level"] in (2, 3)
    )
    return RenderedLesson(clean, toc)


def render_lesson(lesson: Lesson, titles: dict[str, str]) -> RenderedLesson:
    return render_markdown(lesson.body, Path(lesson.path).parent, titles)


def _flatten(tokens: list[dict]) -> list[dict]:
    result = []
    for token in tokens:
        result.append(token)
        result.extend(_flatten(token.get("children", [])))
    return result


_ADMONITION = re.compile(
    r'<div class="admonition (\w+)">\s*<p class="admonition-title">(.*?)</p>(.*?)</div>', re.S)


def _admonitions(text: str, titles: dict[str, str]) -> str:
    def box(match: re.Match[str]) -> str:
        kind = match[1] if match[1] in ADMONITION_KINDS else "point"
        title = match[2]
        label = titles.get(kind, kind)
        if title.lower() == match[1].lower() or not title.strip():
            title = label
        elif not title.startswith(label):
            title = f"{label} ― {title}"  # the kind is said in words, not by colour alone
        return (f'<table class="box {kind}" width="100%" cellspacing="0" cellpadding="12">'
                f'<tr><td class="box-body"><p class="box-title {kind}">{title}</p>{match[3]}'
                f'</td></tr></table>')

    return _ADMONITION.sub(box, text)


_IMG = re.compile(r'(?:<p>)?\s*<img ([^>]*?)/?>\s*(?:</p>)?')


def _figures(text: str, images_dir: Path) -> str:
    base = images_dir.resolve()

    def figure(match: re.Match[str]) -> str:
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', match[1]))
        src = attrs.get("src", "")
        target = (base / html.unescape(src)).resolve()
        if "://" in src or not target.is_relative_to(base) or not target.is_file():
            return f'<p class="missing-image">[{attrs.get("alt", "")}]</p>'
        caption = attrs.get("title", "")
        cap = f'<br/><span class="caption">{caption}</span>' if caption else ""
        return (f'<p class="figure" align="center"><img src="{target.as_uri()}" '
                f'alt="{attrs.get("alt", "")}"/>{cap}</p>')

    return _IMG.sub(figure, text)
