"""The seed's phase table (bench/seed_profile.py): phases timed inside another (the rebuilds,
side by side inside `rebuild_and_commit` on PostgreSQL) are shown as such and not counted twice
in what is left between the phases."""

from __future__ import annotations

from bench.seed_profile import Phase, Profile


def test_phases_timed_inside_another_are_left_out_of_the_sums() -> None:
    profile = Profile()
    profile.phases = {
        "seed_articles": Phase("seed_articles", 1, 30.0, 10.0, 6.0),
        "reindex_all": Phase("reindex_all", 1, 28.0, 12.0, 10.0),
        "rebuild_summary": Phase("rebuild_summary", 1, 21.0, 12.0, 5.0),
        "rebuild_and_commit": Phase("rebuild_and_commit", 1, 34.0, 12.0, 14.0),
    }
    lines = profile.table(70.0, 23.0, 21.0, inside=("reindex_all", "rebuild_summary")).splitlines()
    assert "| (reindex_all, inside) | 1 | 28.0 | 12.0 | 10.0 |" in lines
    assert "| (between) | | 6.0 | 1.0 | 1.0 |" in lines
