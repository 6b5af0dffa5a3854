"""Holds the loaded content index and renders lessons on demand (cached)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dxtrainer.domain.content import ContentIndex
from dxtrainer.services.errors import ServiceError

if TYPE_CHECKING:
    from dxtrainer.content.render import RenderedLesson


class ContentService:
    def __init__(self, index: ContentIndex, admonition_titles: dict[str, str]) -> None:
        self.index = index
        self._titles = admonition_titles
        self._rendered: dict[str, RenderedLesson] = {}

    def replace(self, index: ContentIndex) -> None:
        """Use a freshly loaded index (the trainer edited the files); drop cached pages."""
        self.index = index
        self._rendered = {}

    def rendered(self, lesson_id: str) -> RenderedLesson:
        if lesson_id not in self._rendered:
            lesson = self.index.readable_lesson(lesson_id)
            if lesson is None:
                raise ServiceError("lesson-not-found", lesson=lesson_id)
            from dxtrainer.content.render import render_lesson  # Markdown: at the first lesson

            self._rendered[lesson_id] = render_lesson(lesson, self._titles)
        return self._rendered[lesson_id]
