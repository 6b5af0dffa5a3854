"""Aiken import and export: a fixed input against the YAML beside it, broken questions named by
line, the validator on the import, and single-choice questions of every shipped quiz round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxtrainer.content import bank
from dxtrainer.content.aiken import parse_aiken, write_aiken
from dxtrainer.content.files import Collector
from dxtrainer.content.loader import load_content
from dxtrainer.content.quiz_writer import dump_quiz
from dxtrainer.content.quizzes import parse_quiz
from dxtrainer.domain.content import QuestionType, Quiz

FIXTURES = Path(__file__).parent.parent / "fixtures" / "gift"
SHIPPED = Path(__file__).parent.parent.parent / "content"


def imported(text: str, quiz_id: str = "aiken-sample") -> tuple[str, list[bank.Note]]:
    data, notes = bank.to_quiz_data(parse_aiken(text), quiz_id, "dx-basics")
    return dump_quiz(data), notes


def parsed(yaml_text: str, tmp_path: Path) -> tuple[Quiz | None, Collector]:
    path = tmp_path / "quiz.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    out = Collector(str(path))
    return parse_quiz(path, out), out


def test_fixture_gives_the_yaml_written_beside_it_and_names_broken_questions():
    text, notes = imported((FIXTURES / "aiken-sample.txt").read_text(encoding="utf-8"))
    assert text == (FIXTURES / "aiken-sample.yaml").read_text(encoding="utf-8")
    assert [(n.line, n.code, n.skipped) for n in notes] == [
        (20, "aiken-bad-answer", True), (25, "aiken-stray-line", True),
        (28, "aiken-no-question", True), (30, "aiken-no-answer", True)]


def test_the_import_passes_the_validator(tmp_path):
    text, _ = imported((FIXTURES / "aiken-sample.txt").read_text(encoding="utf-8"))
    quiz, out = parsed(text, tmp_path)
    assert quiz is not None and not out.failed and len(quiz.questions) == 3
    assert {p.code for p in out.problems} == {"explanation-todo", "wrong-choice-unexplained"}


def test_crlf_bom_and_windows_line_endings_read_the_same():
    text = (FIXTURES / "aiken-sample.txt").read_text(encoding="utf-8")
    assert imported("\ufeff" + text.replace("\n", "\r\n")) == imported(text)


@pytest.mark.parametrize("quiz", sorted(load_content(SHIPPED).quizzes, key=lambda q: q.id),
                         ids=lambda q: q.id)
def test_single_choice_questions_of_every_shipped_quiz_round_trip(quiz, tmp_path):
    aiken, notes = write_aiken(quiz)
    singles = [q for q in quiz.questions if q.type is QuestionType.SINGLE]
    others = {q.id for q in quiz.questions if q.type is not QuestionType.SINGLE}
    assert {str(n.params["id"]) for n in notes if n.skipped} == others
    assert [n.code for n in notes if not n.skipped] == ["aiken-no-explanations"]
    back, back_notes = imported(aiken, quiz.id)
    assert back_notes == []
    again, out = parsed(back, tmp_path)
    assert again is not None and not out.failed
    assert [(q.prompt.strip(), tuple((c.text, c.correct) for c in q.choices))
            for q in again.questions] == [
        (q.prompt.strip(), tuple((c.text, c.correct) for c in q.choices)) for q in singles]
