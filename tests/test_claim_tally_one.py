"""One story's claim tally (a verdict's answer, its desk page) is read with a statement built
once, past the ORM's execution (bench:writes5b): the same counts as the grouped read of many
stories, and it sees what the session holds pending, as the ORM's read did (autoflush)."""

from __future__ import annotations

from flask import Flask

from editorial import workflow
from editorial.extensions import db
from editorial.models import Claim
from editorial.models.claims import ClaimTally, tallies
from tests.factories import make_article, make_claim

BODY = "Officials said on Thursday that talks would continue next week."


def _counts(tally: ClaimTally) -> tuple[int, ...]:
    return tuple(getattr(tally, name) for name in ClaimTally.__slots__)


def test_one_storys_tally_is_the_grouped_reads_and_sees_pending_changes(app: Flask) -> None:
    first = make_article(workflow.FACT_CHECK, body=BODY)
    second = make_article(workflow.FACT_CHECK, body=BODY)
    make_claim(first, BODY, "verified")
    make_claim(first, BODY, "false")
    make_claim(first, BODY, "unverifiable")
    make_claim(first, BODY, "unverifiable", note="Officials say.")
    make_claim(first, BODY, "verified", text_changed=True)
    make_claim(second, BODY)
    both = {key: _counts(tally) for key, tally in tallies([first.id, second.id]).items()}
    assert {key: _counts(tally) for key, tally in tallies([first.id]).items()} == {
        first.id: both[first.id]
    }
    assert {key: _counts(tally) for key, tally in tallies([second.id]).items()} == {
        second.id: both[second.id]
    }
    assert both[first.id] == _counts(ClaimTally(5, 0, 1, 1, 1))
    assert tallies([make_article(workflow.FACT_CHECK).id]) == {}
    db.session.add(Claim(article_id=second.id, text=BODY, verdict="false"))  # not flushed
    assert tallies([second.id])[second.id].false == 1
