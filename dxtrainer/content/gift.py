"""Moodle GIFT: read a question bank into BankQuestions, write a quiz back as GIFT.

Read as Moodle reads it (question/format/gift): questions are separated by blank lines (a blank
line inside `{...}` does not end one), `//` lines are comments, `::title::`, `$CATEGORY:`,
`[html]`/`[markdown]`/`[plain]`/`[moodle]` text formats, `\\` escapes. The answer part decides
the type: empty is an essay, `#` numeric, `~` multiple choice, `=` with `->` matching,
T/F/TRUE/FALSE true-false, otherwise short answer. Text after the closing brace makes a
missing-word question; no braces at all a description."""

from __future__ import annotations

import re
import unicodedata

from dxtrainer.content.bank import Bank, BankAnswer, BankQuestion, Note, NumericAnswer
from dxtrainer.content.htmltext import html_to_text, looks_like_html, markdown_to_text, tidy
from dxtrainer.domain.content import NumericKey, Question, QuestionType, Quiz

_ESCAPES = {":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005",
            "~": "\ue006", "n": "\ue007", "\\": "\ue008"}
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()})
_FORMATS = ("html", "markdown", "plain", "moodle")
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_TRUE, _FALSE = ("T", "TRUE"), ("F", "FALSE")


def _escape(text: str) -> str:
    """Replace each escaped character by a private-use placeholder before any parsing."""
    return re.sub(r"\\([:#={}~n\\])", lambda m: _ESCAPES[m.group(1)], text)


class _Block:
    """One question's text (escaped) and the file line of each of its lines."""

    def __init__(self, numbers: list[int], lines: list[str]) -> None:
        self.numbers = numbers
        self.text = _escape("\n".join(lines))

    def line_at(self, offset: int) -> int:
        return self.numbers[min(self.text.count("\n", 0, max(offset, 0)), len(self.numbers) - 1)]


def _blocks(text: str) -> list[_Block]:
    """Blank lines separate questions; a part whose first brace closes one left open by the part
    before continues that question (a blank line between answers)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    parts: list[tuple[list[int], list[str]]] = [([], [])]
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if parts[-1][0]:
                parts.append(([], []))
            continue
        parts[-1][0].append(number)
        parts[-1][1].append(raw)
    merged: list[tuple[list[int], list[str]]] = []
    for numbers, lines in parts:
        if not numbers:
            continue
        escaped = _escape("\n".join(lines))
        first_close, first_open = escaped.find("}"), escaped.find("{")
        continues = first_close >= 0 and (first_open < 0 or first_close < first_open)
        if merged and continues and _open_brace(merged[-1][1]):
            merged[-1][0].extend(numbers)
            merged[-1][1].extend(lines)
        else:
            merged.append((numbers, lines))
    return [_Block(numbers, lines) for numbers, lines in merged]


def _open_brace(lines: list[str]) -> bool:
    escaped = _escape("\n".join(lines))
    return escaped.rfind("{") > escaped.rfind("}")


class _Reader:
    def __init__(self) -> None:
        self.notes: list[Note] = []
        self.category = ""

    def text(self, raw: str, default: str, line: int) -> tuple[str, str]:
        """Restore escapes and convert to our plain text; returns (text, format)."""
        raw = raw.strip()
        fmt = default
        match = re.match(r"^\[(\w+)\]", raw)
        if match and match.group(1) in _FORMATS:
            fmt, raw = match.group(1), raw[match.end():]
        raw = raw.translate(_RESTORE)
        removed: list[str] = []
        if fmt == "html" or (fmt == "moodle" and looks_like_html(raw)):
            result, removed = html_to_text(raw)
        elif fmt == "markdown":
            result, removed = markdown_to_text(raw)
        elif fmt == "plain":
            result = raw.strip()
        else:
            result = tidy(raw)
        if removed:
            self.notes.append(Note(line, "html-removed", params={"what": ", ".join(removed)}))
        return result, fmt

    def question(self, block: _Block) -> BankQuestion | None:
        text, start = block.text, len(block.text) - len(block.text.lstrip())
        line = block.line_at(start)
        if text.startswith("$CATEGORY:", start):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            self.category = text[start + len("$CATEGORY:"):end].translate(_RESTORE).strip()
            rest = text[end:]
            if not rest.strip():
                return None
            start = end + len(rest) - len(rest.lstrip())
            line = block.line_at(start)
        title = ""
        if text.startswith("::", start):
            end = text.find("::", start + 2)
            if end >= 0:
                title = tidy(text[start + 2:end].translate(_RESTORE)).replace("\n", " ")
                start = end + 2
        opening, closing = text.find("{", start), text.find("}", start)
        base = BankQuestion(line, "description", "", title, self.category)
        if opening < 0 and closing < 0:
            base.prompt = self.text(text[start:], "moodle", line)[0]
            return base
        if opening < 0 or closing < opening:
            self.notes.append(Note(block.line_at(max(opening, closing)), "brace-error", True))
            return None
        base.prompt, fmt = self.text(text[start:opening], "moodle", line)
        if text[closing + 1:].strip():
            base.kind = "missing-word"
            return base
        answers = text[opening + 1:closing]
        split = answers.rfind("####")
        if split >= 0:
            base.feedback = self.text(answers[split + 4:], fmt, line)[0]
            answers = answers[:split]
        return self._answers(base, block, answers, opening + 1, fmt)

    def _answers(self, q: BankQuestion, block: _Block, answers: str, offset: int,
                 fmt: str) -> BankQuestion | None:
        body = answers.strip()
        if not body:
            q.kind = "essay"
        elif body.startswith("#"):
            q.kind = "numeric"
            at = answers.index("#") + 1
            return self._numeric(q, block, answers[at:], offset + at, fmt)
        elif "~" in body:
            q.kind, q.multiple = "choice", "=" not in body
            q.answers = self._choices(block, answers, offset, fmt, "~=")
        elif "=" in body and "->" in body:
            q.kind = "matching"
            for answer in self._choices(block, answers, offset, fmt, "="):
                left, arrow, right = answer.text.partition("->")
                if not arrow:
                    self.notes.append(Note(answer.line, "bad-matching", True))
                    return None
                if left.strip():
                    q.pairs.append((left.strip(), right.strip()))
                else:
                    q.distractors.append(right.strip())
        elif body.split("#", 1)[0].strip().upper() in _TRUE + _FALSE:
            q.kind = "truefalse"
            parts = [self.text(p, fmt, q.line)[0] for p in (body.split("#", 2) + ["", ""])[:3]]
            q.truth = body.split("#", 1)[0].strip().upper() in _TRUE
            q.wrong_feedback, q.right_feedback = parts[1], parts[2]
        else:
            q.kind = "short"
            q.answers = self._choices(block, answers, offset, fmt, "=")
        return q

    def _choices(self, block: _Block, answers: str, offset: int, fmt: str,
                 markers: str) -> list[BankAnswer]:
        found = []
        positions = [m.start() for m in re.finditer(f"[{re.escape(markers)}]", answers)]
        for index, at in enumerate(positions):
            end = positions[index + 1] if index + 1 < len(positions) else len(answers)
            part = answers[at + 1:end]
            line = block.line_at(offset + at)
            weight = 1.0 if answers[at] == "=" else 0.0
            match = _WEIGHT.match(part)
            if match:
                weight, part = float(match.group(1)) / 100, part[match.end():]
            text, _, feedback = part.partition("#")
            if markers == "=" and "->" in text:  # matching: keep the arrow for the caller
                left, _, right = text.partition("->")
                text = f"{self.text(left, fmt, line)[0]}->{self.text(right, 'plain', line)[0]}"
            else:
                text = self.text(text, fmt, line)[0]
            found.append(BankAnswer(text, weight, self.text(feedback, fmt, line)[0], line))
        return found

    def _numeric(self, q: BankQuestion, block: _Block, answers: str, offset: int,
                 fmt: str) -> BankQuestion | None:
        wrong = answers.find("~")
        if wrong >= 0:
            if answers[wrong + 1:].partition("#")[2].strip():
                self.notes.append(Note(block.line_at(offset + wrong), "answer-feedback-dropped"))
            answers = answers[:wrong]
        parts = (self._choices(block, answers, offset, fmt, "=") if "=" in answers
                 else [BankAnswer(*_split_feedback(answers), line=block.line_at(offset))])
        for part in parts:
            number = _number(part.text)
            if number is None:
                self.notes.append(Note(part.line, "bad-number", True, {"text": part.text}))
                return None
            number.weight, number.line = part.weight, part.line
            number.feedback = self.text(part.feedback, fmt, part.line)[0]
            q.numbers.append(number)
        if not q.numbers:
            self.notes.append(Note(q.line, "no-right-answer", True))
            return None
        return q


def _split_feedback(text: str) -> tuple[str, float, str]:
    value, _, feedback = text.translate(_RESTORE).partition("#")
    return value.strip(), 1.0, feedback.strip()


def _number(text: str) -> NumericAnswer | None:
    text = unicodedata.normalize("NFKC", text.translate(_RESTORE)).strip().replace(",", ".")
    try:
        if ".." in text[1:]:
            low_text, high_text = text.split("..", 1)
            low, high = float(low_text), float(high_text)
            return NumericAnswer(min(low, high), max(low, high))
        value_text, _, tolerance_text = text.partition(":")
        value, tolerance = float(value_text), abs(float(tolerance_text or 0))
    except ValueError:
        return None
    return NumericAnswer(value - tolerance, value + tolerance, value, tolerance)


def parse_gift(text: str) -> Bank:
    reader = _Reader()
    questions = []
    for block in _blocks(text):
        question = reader.question(block)
        if question is not None:
            questions.append(question)
    return Bank(questions, reader.notes)


# --- writing -------------------------------------------------------------------------------

def escape(text: str) -> str:
    text = text.strip().replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _text(text: str) -> str:
    """Our text is shown as written: mark it [plain] when Moodle would read markup in it or
    reading it in Moodle's own format would change it (indented lines, a leading [format])."""
    text = text.strip()
    plain = (looks_like_html(text) or "&" in text or tidy(text) != text
             or re.match(r"\[(html|markdown|plain|moodle)\]", text) is not None)
    return ("[plain]" if plain else "") + escape(text)


def write_gift(quiz: Quiz) -> tuple[str, list[Note]]:
    """The quiz as GIFT (choice, ○×, short answer, numeric and matching questions), and a note
    (by question line) for each question GIFT cannot hold (ordering)."""
    out = [f"// DX Trainer: {quiz.id} (lesson {quiz.lesson_id}, version {quiz.version})",
           f"$CATEGORY: DX Trainer/{quiz.id}", ""]
    notes: list[Note] = []
    for question in quiz.questions:
        body = _gift_answers(question)
        if body is None:
            notes.append(Note(question.line, "cannot-export", True,
                              {"id": question.id, "type": question.type.value}))
            continue
        out.append(f"::{escape(question.id)}::{_text(question.prompt)}{{{body}}}")
        out.append("")
    return "\n".join(out), notes


def _gift_answers(question: Question) -> str | None:
    general = f"\t####{_text(question.explanation)}\n" if question.explanation.strip() else ""
    if question.type is QuestionType.TRUEFALSE:
        return ("TRUE" if question.answer else "FALSE") + general.strip().replace("\t", "")
    if any("->" in text for text in (*question.accepted, *(p.left for p in question.pairs))):
        return None  # GIFT cannot escape "->": it would read as a matching question
    if question.type is QuestionType.SHORT and question.accepted:
        return "\n" + "".join(f"\t={_text(a)}\n" for a in question.accepted) + general
    if question.type is QuestionType.NUMERIC and question.numeric is not None:
        return f"#{_numeric_key(question.numeric)}" + ("\n" + general if general else "")
    if question.type is QuestionType.MATCHING and question.pairs:
        rows = [f"\t={_text(p.left)} -> {_text(p.right)}\n" for p in question.pairs]
        rows += [f"\t= -> {_text(d)}\n" for d in question.distractors]
        return "\n" + "".join(rows) + general
    if question.type not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return None  # ordering: GIFT has no such type
    right = len(question.correct_ids)
    lines = []
    for choice in question.choices:
        if question.type is QuestionType.SINGLE:
            mark = "=" if choice.correct else "~"
        else:
            mark = f"~%{_weight(100 / right)}%" if choice.correct else "~%-100%"
        feedback = f"#{_text(choice.explanation)}" if choice.explanation.strip() else ""
        lines.append(f"\t{mark}{_text(choice.text)}{feedback}\n")
    return "\n" + "".join(lines) + general


def _numeric_key(key: NumericKey) -> str:
    """`value:tolerance` when the author wrote an answer with a tolerance, else `min..max`."""
    if key.value is not None:
        return f"{_number_text(key.value)}:{_number_text(key.tolerance or 0.0)}"
    return f"{_number_text(key.low)}..{_number_text(key.high)}"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")
