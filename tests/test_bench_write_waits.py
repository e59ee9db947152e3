"""`bench.write_waits` sends its transitions in wrk's rotation (`transition_turns`)."""

from __future__ import annotations

import itertools

from bench.more_requests import transition_turns
from bench.write_waits import _turns


def test_the_threads_transitions_take_wrk_s_turns() -> None:
    """Every draft submitted, then every one returned, and again: not a return right after its
    submit, which in flight at once raced and was refused 409."""
    drafts = [11, 12, 13]
    turn = _turns(drafts, itertools.count(), {})
    sent = [turn(n)[1] for n in range(12)]
    expected = [path for path, _body in transition_turns(drafts)] * 2
    assert sent == expected
