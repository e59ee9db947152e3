"""The cycle collector paused while the insights build a report (`editorial.collector`): off
inside, on again after the last overlapping pause, left off when someone else turned it off;
and the insights page is drawn with it paused (a full collection over the heap every two or
three reports was a third of their cost at 100,000 stories)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from editorial import collector
from editorial.insights import reading


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    if was_on:
        gc.enable()
    else:
        gc.disable()


def test_paused_turns_the_collector_off_inside_and_on_after() -> None:
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_pauses_on_two_threads_end_with_the_last() -> None:
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector.paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    with collector.paused():
        thread.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread is still building
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_turns_it_back_on() -> None:
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("the report failed")
    assert gc.isenabled()


def test_the_insights_page_is_built_and_drawn_with_the_collector_paused(
    desk: FlaskClient, monkeypatch: Any
) -> None:
    seen: list[bool] = []
    compute = reading._compute

    def watched(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return compute(*args)

    monkeypatch.setattr(reading, "_compute", watched)
    response = desk.get("/insights/?period=7")
    assert response.status_code == 200
    assert seen == [False]
    assert gc.isenabled()
