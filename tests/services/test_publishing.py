"""Published content: one version for every PC on a database, earlier ones kept for a rollback,
silent edits of questions refused, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from dxtrainer.db.models import ContentItem, ContentPublication, ContentQuestion
from dxtrainer.services.container import open_services
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT

TRAINER = CurrentUser(0, "", "研修 花子", "", Role.TRAINER)
LEARNER = CurrentUser(0, "", "職員 一郎", "", Role.LEARNER)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite3")
    return request.getfixturevalue("postgres_url")


def draft(tmp_path: Path, name: str = "draft") -> Path:
    root = tmp_path / name
    if not root.exists():
        shutil.copytree(SAMPLE_CONTENT, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def on_pc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> Path:
    """Each PC has its own user-data folder, where its copy of the published content lives."""
    folder = tmp_path / f"pc-{name}"
    monkeypatch.setenv("DXTRAINER_DATA_DIR", str(folder))
    return folder


def lesson_titles(services) -> dict[str, str]:
    return {lesson.id: lesson.title for lesson in services.content.index.lessons}


def test_a_new_database_is_seeded_as_publication_1_and_shown_to_every_pc(
        database, tmp_path, monkeypatch):
    first = open_services(database, SAMPLE_CONTENT)  # the --content folder seeds a new database
    try:
        assert first.publication is None  # a draft preview, though it became publication 1
        assert [p.number for p in first.publishing.publications()] == [1]
        assert first.publishing.publications()[0].publisher == ""
    finally:
        first.close()
    pc = on_pc(monkeypatch, tmp_path, "b")
    other = open_services(database)  # no --content: the published content
    try:
        assert other.publication == 1
        assert set(lesson_titles(other)) == {"sample-basics", "sample-advanced"}
        assert not other.notices
        current = other.publishing.current()
        assert current is not None
        assert (pc / "published" / current.hash / "lessons" / "sample-basics.md").is_file()
        assert Path(other.content.index.root) == pc / "published" / current.hash
    finally:
        other.close()


def test_publishing_reaches_every_pc_and_updates_the_mirror_once(database, tmp_path, monkeypatch):
    seed = open_services(database, SAMPLE_CONTENT)
    seed.close()
    on_pc(monkeypatch, tmp_path, "a")
    pc_a = open_services(database)
    on_pc(monkeypatch, tmp_path, "b")
    pc_b = open_services(database)
    try:
        root = draft(tmp_path)
        edit(root / "lessons" / "sample-advanced.md", "version: 1", "version: 2")
        edit(root / "lessons" / "sample-advanced.md", "title: ", "title: 改訂 ")
        result = pc_a.publishing.publish(TRAINER, root)
        assert result.publication is not None and result.publication.number == 2
        assert result.publication.publisher == "研修 花子"
        # The publishing PC shows it at once; the mirror changed in the same transaction.
        assert lesson_titles(pc_a)["sample-advanced"].startswith("改訂 ")
        with pc_a.sessions() as s:
            item = s.get(ContentItem, "lesson:sample-advanced")
            assert item is not None and item.version == 2
        # Publishing the same folder again stores nothing.
        again = pc_a.publishing.publish(TRAINER, root)
        assert again.unchanged and again.publication is not None
        assert again.publication.number == 2
    finally:
        pc_a.close()
        pc_b.close()
    for name in ("a", "b", "c"):  # the next start-up of every PC, one with no copy yet
        on_pc(monkeypatch, tmp_path, name)
        pc = open_services(database)
        try:
            assert pc.publication == 2
            assert lesson_titles(pc)["sample-advanced"].startswith("改訂 ")
            assert not pc.notices  # the mirror equals what every PC shows
        finally:
            pc.close()


def test_rollback_publishes_an_earlier_publication_again(database, tmp_path, monkeypatch):
    seed = open_services(database, SAMPLE_CONTENT)
    seed.close()
    on_pc(monkeypatch, tmp_path, "a")
    services = open_services(database)
    try:
        root = draft(tmp_path)
        edit(root / "lessons" / "sample-basics.md", "version: 1", "version: 2")
        assert services.publishing.publish(TRAINER, root).publication is not None
        restored = services.publishing.rollback(TRAINER, 1)
        assert restored.number == 3 and restored.restored_from == 1
        assert [p.number for p in services.publishing.publications()] == [3, 2, 1]
        first, _second, third = sorted(services.publishing.publications(),
                                       key=lambda p: p.number)
        assert third.hash == first.hash
        assert services.content.index.lesson("sample-basics").version == 1
        with services.sessions() as s:
            assert s.get(ContentItem, "lesson:sample-basics").version == 1
        with pytest.raises(ServiceError) as missing:
            services.publishing.rollback(TRAINER, 9)
        assert missing.value.code == "publication-not-found"
    finally:
        services.close()
    on_pc(monkeypatch, tmp_path, "b")
    other = open_services(database)
    try:
        assert other.publication == 3
        assert other.content.index.lesson("sample-basics").version == 1
    finally:
        other.close()


def test_a_question_edited_without_a_new_version_is_refused(database, tmp_path, monkeypatch):
    seed = open_services(database, SAMPLE_CONTENT)
    seed.close()
    services = open_services(database)
    try:
        root = draft(tmp_path)
        quiz = root / "quizzes" / "sample-basics.yaml"
        edit(quiz, "prompt: 正しいものを選んでください。", "prompt: 正しいものを一つ選んでください。")
        result = services.publishing.publish(TRAINER, root)
        assert result.publication is None
        [problem] = result.problems
        assert problem.code == "question-changed-without-version"
        assert Path(problem.path).name == "sample-basics.yaml"
        lines = quiz.read_text(encoding="utf-8").splitlines()
        assert "正しいものを一つ" in lines[problem.line - 1] or lines[problem.line - 1].strip() \
            .startswith("- id: q1")
        assert [p.number for p in services.publishing.publications()] == [1]
        # Reordering choices or changing an explanation is not an edit of the question.
        edit(quiz, "prompt: 正しいものを一つ選んでください。", "prompt: 正しいものを選んでください。")
        edit(quiz, "explanation: a が正しい理由の説明です。", "explanation: a が正しい理由です。")
        assert services.publishing.publish(TRAINER, root).publication is not None
        # With a revision, the same edit is published, and the question gets a new hash.
        with services.sessions() as s:
            before = s.scalar(select(ContentQuestion.hash).where(
                ContentQuestion.quiz_id == "sample-basics", ContentQuestion.question_id == "q1"))
        edit(quiz, "prompt: 正しいものを選んでください。", "prompt: 正しいものを一つ選んでください。")
        edit(quiz, "version: 1", "version: 1\nrevision: 1")
        published = services.publishing.publish(TRAINER, root)
        assert published.publication is not None, published.problems
        with services.sessions() as s:
            after = s.scalar(select(ContentQuestion.hash).where(
                ContentQuestion.quiz_id == "sample-basics", ContentQuestion.question_id == "q1"))
        assert after != before
    finally:
        services.close()


def test_a_folder_with_errors_or_a_learner_publishes_nothing(database, tmp_path):
    services = open_services(database, SAMPLE_CONTENT)
    try:
        root = draft(tmp_path)
        edit(root / "lessons" / "sample-basics.md", "category: mindset", "category: nonsense")
        result = services.publishing.publish(TRAINER, root)
        assert result.publication is None
        assert result.problems and all(p.severity == "error" for p in result.problems)
        with pytest.raises(AccessDenied):
            services.publishing.publish(LEARNER, SAMPLE_CONTENT)
        with services.sessions() as s:
            assert len(s.scalars(select(ContentPublication)).all()) == 1
    finally:
        services.close()
