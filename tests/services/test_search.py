"""Search across lessons and the glossary: Japanese two-character words, kana folding, readings."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxtrainer.content.loader import load_content
from dxtrainer.content.render import render_lesson
from dxtrainer.services.search import SearchService, fold, lesson_sections

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def index():
    return load_content(REAL_CONTENT)


@pytest.fixture(scope="module")
def search(index):
    return SearchService(index)


def test_two_character_word_is_found_with_its_section_and_passage(search) -> None:
    hits = search.search("窓口")
    assert len(hits) > 5
    lesson = [h for h in hits if h.kind == "lesson" and h.target_id == "online-frontyard"]
    assert any(h.section == "書かないワンストップ窓口 ― 北見市の例" for h in lesson)
    for hit in hits:
        assert hit.match == "窓口"
        assert len(hit.before) <= 41 and len(hit.after) <= 41
    assert all(h.anchor.startswith("sec-") for h in hits if h.kind == "lesson" and h.section)


def test_hiragana_finds_katakana_and_width_and_case_are_folded(search) -> None:
    katakana = search.search("ガバメントクラウド")
    assert katakana
    hiragana = search.search("がばめんとくらうど")
    assert [(h.target_id, h.anchor) for h in hiragana] == \
        [(h.target_id, h.anchor) for h in katakana]
    assert hiragana[0].match == "ガバメントクラウド"  # the passage shows the text as written
    assert search.search("ｄｘ") and search.search("ｄｘ")[0].match.upper() == "DX"
    assert fold("ﾏﾄﾞｸﾞﾁ") == fold("まどぐち") == "マドグチ"


def test_glossary_reading_is_searched(search) -> None:
    hits = search.search("まどぐち")  # only the term's reading is written in hiragana
    assert any(h.kind == "glossary" and h.target_id == "kakanai-madoguchi" for h in hits)


def test_no_hit_and_empty_query_give_nothing(search) -> None:
    assert search.search("存在しない言葉ぴょ") == []
    assert search.search("   ") == []


def test_anchors_match_the_rendered_table_of_contents(index) -> None:
    """The anchor of every section is the one the 目次 scrolls to."""
    for lesson in index.lessons:
        toc = {e.anchor: e.title for e in render_lesson(lesson, {}).toc}
        sections = {a: h for h, a, _t in lesson_sections(lesson.body) if a}
        for anchor, title in toc.items():
            assert sections.get(anchor) == title, (lesson.id, anchor)
