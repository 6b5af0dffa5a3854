"""TaskRunner: a result always comes back through the event loop, never inside run()."""

from __future__ import annotations

from concurrent.futures import Future

from dxtrainer.ui.task_runner import TaskRunner


def test_a_task_done_before_its_callback_is_added_still_reports_later(qtbot):
    runner = TaskRunner()
    done: Future[int] = Future()
    done.set_result(7)  # as when the worker finishes before run() adds its done-callback
    runner._executor.submit = lambda _fn: done  # type: ignore[method-assign, assignment, return-value]
    seen: list[int] = []
    runner.run(lambda: 7, seen.append)
    assert seen == []  # the caller (a dialog's __init__, say) has not even returned yet
    qtbot.waitUntil(lambda: seen == [7], timeout=5_000)
    assert runner.pending == 0
    runner.shutdown()
