"""Aiken: single-choice questions as plain lines (question, `A. ...` / `A) ...`, `ANSWER: A`).

Read leniently: the question may take several lines, blank lines between questions are optional,
and full-width letters and colons (Ａ．, ANSWER：Ａ) are read as their half-width forms."""

from __future__ import annotations

import re
import unicodedata

from dxtrainer.content.bank import Bank, BankAnswer, BankQuestion, Note
from dxtrainer.domain.content import QuestionType, Quiz

_CHOICE = re.compile(r"^([A-Z])[.)](?:\s+|(?=[^\x00-\x7f]))(.*)$")  # Ａ．はい needs no space
_ANSWER = re.compile(r"^ANSWER\s*:\s*([A-Z])\s*$", re.IGNORECASE)


def parse_aiken(text: str) -> Bank:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    questions: list[BankQuestion] = []
    notes: list[Note] = []
    prompt: list[str] = []
    labels: list[str] = []
    answers: list[BankAnswer] = []
    start = 0
    broken = False  # a stray line was reported: skip to this question's ANSWER line
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        folded = unicodedata.normalize("NFKC", line)
        if not line:
            continue
        answer = _ANSWER.match(folded)
        choice = _CHOICE.match(folded)
        if broken:
            broken = not answer
            continue
        if answer:
            label = answer.group(1).upper()
            if not prompt or label not in labels:
                notes.append(Note(number if prompt else start or number,
                                  "aiken-bad-answer" if prompt else "aiken-no-question", True,
                                  {"label": label}))
            elif len(answers) < 2:
                notes.append(Note(start, "too-few-answers", True))
            else:
                for index, entry in enumerate(answers):
                    entry.weight = 1.0 if labels[index] == label else 0.0
                questions.append(BankQuestion(start, "choice", "\n".join(prompt),
                                              answers=answers))
            prompt, labels, answers, start = [], [], [], 0
        elif choice and prompt:
            labels.append(choice.group(1))
            marker = re.match(r"^\S[.)．）]\s*", line)
            answers.append(BankAnswer(line[marker.end():] if marker else choice.group(2), 0.0,
                                      line=number))
        elif answers:  # text after the choices but before ANSWER: a broken question
            notes.append(Note(number, "aiken-stray-line", True))
            prompt, labels, answers, start, broken = [], [], [], 0, True
        else:
            if not prompt:
                start = number
            prompt.append(line)
    if prompt:
        notes.append(Note(start, "aiken-no-answer", True))
    return Bank(questions, notes)


def write_aiken(quiz: Quiz) -> tuple[str, list[Note]]:
    """Single-choice questions as Aiken; every other question and every explanation, noted."""
    out: list[str] = []
    notes: list[Note] = []
    explained = 0
    for question in quiz.questions:
        if question.type is not QuestionType.SINGLE or len(question.choices) > 26:
            notes.append(Note(question.line, "cannot-export", True,
                              {"id": question.id, "type": question.type.value}))
            continue
        out.extend(line.strip() for line in question.prompt.strip().split("\n") if line.strip())
        key = ""
        for index, choice in enumerate(question.choices):
            label = chr(ord("A") + index)
            out.append(f"{label}. {' '.join(choice.text.split())}")
            key = label if choice.correct else key
        out.extend([f"ANSWER: {key}", ""])
        explained += 1
    if explained:
        notes.append(Note(0, "aiken-no-explanations", False, {"count": explained}))
    return "\n".join(out), notes
