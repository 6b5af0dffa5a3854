"""Parses one quiz file (`questions:` of single, multiple, truefalse and ordering types here;
short, numeric and matching answers in question_types.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from dxtrainer.content import question_types, yamlines
from dxtrainer.content.files import Collector, id_field, int_field, read_text, text_field
from dxtrainer.content.yamlines import LineDict
from dxtrainer.domain.content import Category, Choice, Question, QuestionType, Quiz

KEY_POSITION_PERCENT = 70  # with shuffle off, this share of keys at one position gives them away
KEY_POSITION_MIN_QUESTIONS = 3  # below this, a shared position is as likely chance as habit
MIN_DISTRACTORS = 2  # wrong choices a multi-select question needs to be more than a giveaway
FORMS = ("a", "b")  # a course's two parallel test forms


def parse_quiz(path: Path, out: Collector) -> Quiz | None:
    read = read_text(path, out)
    if read is None:
        return None
    text, digest = read
    try:
        data = yamlines.load(text)
    except yamlines.YamlError as exc:
        out.error(exc.line, "bad-yaml", detail=exc.detail)
        return None
    if not isinstance(data, LineDict):
        out.error(1, "quiz-not-mapping")
        return None
    quiz_id = id_field(data, "id", out)
    course_id, form = _course_form(data, out)
    lesson_id = "" if course_id else id_field(data, "lesson", out)
    version = int_field(data, "version", out, minimum=1, default=1)
    revision = int_field(data, "revision", out, required=False) if "revision" in data else None
    pass_mark = _pass_mark(data, out)
    shuffle = data.get("shuffle", True)
    if not isinstance(shuffle, bool):
        out.error(data.line_of("shuffle"), "not-boolean", field="shuffle")
    failed_before = out.failed
    questions, skipped = _questions(data, out, course_test=course_id is not None)
    if questions:  # a broken question costs learners that question, not the quiz
        out.failed = failed_before
    if out.failed:
        return None
    if shuffle is False:
        _check_key_positions(data, questions, out)
    return Quiz(quiz_id, lesson_id, version, pass_mark, bool(shuffle), tuple(questions),
                str(path), digest, tuple(skipped), revision, course_id, form)


def _course_form(data: LineDict, out: Collector) -> tuple[str | None, str | None]:
    """A course test form names `course:` and `form:` (a or b) and no `lesson:`."""
    if "course" not in data:
        if "form" in data:
            out.error(data.line_of("form"), "form-without-course")
        return None, None
    course_id = id_field(data, "course", out)
    if "lesson" in data:
        out.error(data.line_of("lesson"), "course-test-with-lesson")
    form = str(data.get("form") or "").strip().lower()
    if form not in FORMS:
        out.error(data.line_of("form") if "form" in data else data.line, "bad-form",
                  value=form, allowed=", ".join(FORMS))
    return course_id or None, form or None


def _pass_mark(data: LineDict, out: Collector) -> float:
    value = data.get("pass_mark", 0.8)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        out.error(data.line_of("pass_mark"), "bad-pass-mark", value=value)
        return 0.8
    return float(value)


def _questions(data: LineDict, out: Collector, *, course_test: bool = False
               ) -> tuple[list[Question], list[str]]:
    """The questions that loaded, and the ids (or line numbers) of those skipped as broken."""
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        out.error(data.line_of("questions") if "questions" in data else data.line,
                  "no-questions")
        return [], []
    questions: list[Question] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    for item in items:
        if not isinstance(item, LineDict):
            out.error(data.line_of("questions"), "question-not-mapping")
            skipped.append("")
            continue
        question = _question(item, out, course_test)
        if question is None:
            skipped.append(str(item.get("id") or ""))
            continue
        if question.id in seen:
            out.error(item.line_of("id"), "duplicate-question-id", id=question.id,
                      first_line=seen[question.id])
            skipped.append(question.id)
            continue
        seen[question.id] = item.line_of("id")
        questions.append(question)
    return questions, skipped


def _question(item: LineDict, out: Collector, course_test: bool = False) -> Question | None:
    failed_before = out.failed
    out.failed = False
    qid = id_field(item, "id", out)
    category = _category(item, out, required=course_test)
    prompt = text_field(item, "prompt", out)
    explanation = text_field(item, "explanation", out)
    if explanation.startswith("TODO"):  # written by import-quiz where the bank had none
        out.warning(item.line_of("explanation"), "explanation-todo", id=qid)
    raw_type = text_field(item, "type", out)
    try:
        qtype = QuestionType(raw_type) if raw_type else None
    except ValueError:
        out.error(item.line_of("type"), "bad-question-type", value=raw_type,
                  allowed=", ".join(t.value for t in QuestionType))
        qtype = None
    choices: tuple[Choice, ...] = ()
    answer = None
    typed = question_types.TypedAnswer()
    if qtype in _TYPED:
        typed = _TYPED[qtype](item, out, qid)
    elif qtype is QuestionType.TRUEFALSE:
        answer = item.get("answer")
        if not isinstance(answer, bool):
            out.error(item.line_of("answer"), "truefalse-answer", id=qid)
    elif qtype is QuestionType.ORDERING:
        choices = _choices(item, "items", out, qid, ordering=True)
        if choices and len(choices) < 2:
            out.error(item.line_of("items"), "ordering-too-few", id=qid)
    elif qtype is not None:
        choices = _choices(item, "choices", out, qid, ordering=False)
        _check_correct_count(item, qtype, choices, out, qid)
        wrong = sum(1 for c in choices if not c.correct)
        if qtype is QuestionType.MULTIPLE and choices and wrong < MIN_DISTRACTORS:
            out.warning(item.line, "multiple-few-distractors", id=qid, count=wrong,
                        minimum=MIN_DISTRACTORS)
    ok = not out.failed
    out.failed = failed_before or out.failed
    if not ok or qtype is None:
        return None
    return Question(qid, qtype, prompt, explanation, choices, answer, item.line,
                    typed.accepted, typed.numeric, typed.pairs, typed.distractors, category)


def _category(item: LineDict, out: Collector, *, required: bool) -> Category | None:
    """A question's own DSS-L category: required in course tests (learning gain by category)."""
    raw = text_field(item, "category", out, required=required)
    if not raw:
        return None
    try:
        return Category(raw)
    except ValueError:
        out.error(item.line_of("category"), "bad-category", value=raw,
                  allowed=", ".join(c.value for c in Category))
        return None


_TYPED = {QuestionType.SHORT: question_types.parse_short,
          QuestionType.NUMERIC: question_types.parse_numeric,
          QuestionType.MATCHING: question_types.parse_matching}


def _choices(item: LineDict, key: str, out: Collector, qid: str, *, ordering: bool
             ) -> tuple[Choice, ...]:
    raw = item.get(key)
    if not isinstance(raw, list) or not raw:
        out.error(item.line_of(key) if key in item else item.line, "no-choices", id=qid, field=key)
        return ()
    choices = []
    seen = set()
    for entry in raw:
        if not isinstance(entry, LineDict):
            out.error(item.line_of(key), "choice-not-mapping", id=qid)
            continue
        cid = id_field(entry, "id", out)
        text = text_field(entry, "text", out)
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            out.error(entry.line_of("correct"), "not-boolean", field="correct")
            correct = False
        if cid in seen:
            out.error(entry.line_of("id"), "duplicate-choice-id", id=qid, choice=cid)
        seen.add(cid)
        explanation = text_field(entry, "explanation", out, required=False)
        if not ordering and not correct and not explanation:
            out.warning(entry.line, "wrong-choice-unexplained", id=qid, choice=cid)
        choices.append(Choice(cid, text, bool(correct), explanation))
    return tuple(choices)


def _check_correct_count(item: LineDict, qtype: QuestionType, choices: tuple[Choice, ...],
                         out: Collector, qid: str) -> None:
    if not choices:
        return
    correct = sum(1 for c in choices if c.correct)
    if correct == 0:
        out.error(item.line_of("choices"), "no-correct-choice", id=qid)
    elif qtype is QuestionType.SINGLE and correct > 1:
        out.error(item.line_of("choices"), "single-many-correct", id=qid, count=correct)
    elif len(choices) < 2:
        out.error(item.line_of("choices"), "too-few-choices", id=qid)


def _check_key_positions(data: LineDict, questions: list[Question], out: Collector) -> None:
    """With shuffling off, learners see the source order: warn when the single-choice keys
    mostly sit at one position (e.g. always first)."""
    positions = [next(i for i, c in enumerate(q.choices) if c.correct) for q in questions
                 if q.type is QuestionType.SINGLE and q.correct_ids]
    if len(positions) < KEY_POSITION_MIN_QUESTIONS:
        return
    position, count = Counter(positions).most_common(1)[0]
    if count * 100 >= KEY_POSITION_PERCENT * len(positions):
        out.warning(data.line_of("shuffle"), "keys-at-one-position", position=position + 1,
                    count=count, total=len(positions))
