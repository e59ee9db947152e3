"""The run's report: requests by kind and status with latencies, the writes, the kill, the checks.

Plain text tables (Markdown pipes, so the same text reads well in a terminal and in a file).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from loadtest.ledger import ACK, REFUSED, UNKNOWN, Ledger
from loadtest.verify import Findings, tracebacks


@dataclass
class Targets:
    """The issue's targets, each met or not."""

    server_errors: int  # 5xx answers
    dropped: int  # no answer (connection error, timeout) outside the kill window
    locked: int  # "database is locked" in the server log
    tracebacks: int
    lost: int
    duplicated: int
    refused_but_written: int
    failed_checks: list[str]
    harness_errors: int

    @property
    def met(self) -> bool:
        """Whether every target was met."""
        return not (
            self.server_errors
            or self.dropped
            or self.locked
            or self.tracebacks
            or self.lost
            or self.duplicated
            or self.refused_but_written
            or self.failed_checks
            or self.harness_errors
        )


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile (0..1) of `values`, nearest rank; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def targets(ledger: Ledger, findings: Findings, log: str) -> Targets:
    """Count what the targets forbid."""
    statuses: Counter[str] = Counter()
    for counts in ledger.requests.values():
        statuses.update(counts)
    server_errors = sum(n for s, n in statuses.items() if s.isdigit() and int(s) >= 500)
    dropped = sum(1 for f in ledger.failures if not f.status.isdigit())
    return Targets(
        server_errors=server_errors,
        dropped=dropped,
        locked=log.lower().count("database is locked"),
        tracebacks=len(tracebacks(log)),
        lost=len(findings.lost),
        duplicated=len(findings.duplicated),
        refused_but_written=len(findings.refused_but_written),
        failed_checks=[c.name for c in findings.checks if not c.passed],
        harness_errors=len(ledger.harness_errors),
    )


def render(
    title: str,
    ledger: Ledger,
    findings: Findings,
    goal: Targets,
    *,
    seconds: float,
    started: float,
) -> str:
    """The whole report as text."""
    out: list[str] = [f"## {title}", ""]
    total = sum(sum(c.values()) for c in ledger.requests.values())
    out.append(f"{total} requests in {seconds:.1f} s ({total / max(seconds, 0.001):.0f}/s).")
    out += [
        "",
        "| requests | count | by status | p50 ms | p99 ms |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    overall: Counter[str] = Counter()
    for kind in sorted(ledger.requests):
        counts = ledger.requests[kind]
        overall.update(counts)
        lat = ledger.latencies.get(kind, [])
        by = ", ".join(f"{s}: {n}" for s, n in sorted(counts.items()))
        out.append(
            f"| {kind} | {sum(counts.values())} | {by} | {percentile(lat, 0.5) * 1000:.0f} "
            f"| {percentile(lat, 0.99) * 1000:.0f} |"
        )
    everything = [v for values in ledger.latencies.values() for v in values]
    by = ", ".join(f"{s}: {n}" for s, n in sorted(overall.items()))
    out.append(
        f"| **all** | {total} | {by} | {percentile(everything, 0.5) * 1000:.0f} "
        f"| {percentile(everything, 0.99) * 1000:.0f} |"
    )

    out += ["", "| writes | acknowledged | refused (4xx) | unanswered | of those, landed |"]
    out.append("| --- | ---: | ---: | ---: | ---: |")
    kinds = sorted({w.kind for w in ledger.writes})
    for kind in kinds:
        outcomes = Counter(w.outcome for w in ledger.writes if w.kind == kind)
        out.append(
            f"| {kind} | {outcomes[ACK]} | {outcomes[REFUSED]} | {outcomes[UNKNOWN]} "
            f"| {findings.unknown_landed[kind]} |"
        )

    if ledger.kill_at is not None:
        offset = ledger.kill_at - started
        back = (ledger.back_at or ledger.kill_at) - ledger.kill_at
        before = [w for w in ledger.writes if w.outcome == ACK and w.finished < ledger.kill_at]
        lost_before = [w for w in findings.lost if w.finished < ledger.kill_at]
        in_flight = [
            w for w in ledger.writes if w.outcome == UNKNOWN and ledger.in_kill_window(w.finished)
        ]
        again = sum(1 for at in ledger.sign_ins if at > ledger.kill_at)
        out += [
            "",
            f"Kill: SIGKILL to the server's process group at +{offset:.1f} s; it answered again "
            f"{back:.1f} s later. {len(before)} writes acknowledged before the kill, "
            f"{len(lost_before)} of them lost; {len(in_flight)} writes unanswered around the kill; "
            f"{again} sign-ins needed after it (sessions are kept in the database).",
        ]
    if findings.release_lag:
        lag = findings.release_lag
        out.append(
            f"Scheduled releases: {len(lag)}, released {percentile(lag, 0.5):.1f} s (p50) / "
            f"{max(lag):.1f} s (max) after their time."
        )

    out += ["", "| check | checked | result |", "| --- | ---: | --- |"]
    for check in findings.checks:
        result = "ok" if check.passed else f"**FAILED** ({check.failures})"
        if check.notes:
            result += " - " + "; ".join(check.notes)
        out.append(f"| {check.name} | {check.checked} | {result} |")
    for check in findings.checks:
        if check.problems:
            out += ["", f"{check.name}:"]
            out += [f"  - {p}" for p in check.problems]

    if ledger.failures:
        out += ["", "Requests that got a 5xx, or no answer outside the kill window (first 20):"]
        for failure in ledger.failures[:20]:
            when = datetime.fromtimestamp(failure.at, UTC).strftime("%H:%M:%S.%f")[:-3]
            out.append(
                f"  - {when} {failure.method} {failure.path} -> {failure.status} "
                f"({failure.kind}, {failure.actor})"
            )
    if ledger.harness_errors:
        out += ["", "Load-test errors (a bug in loadtest/, not the app):"]
        out += [f"  - {e}" for e in ledger.harness_errors[:5]]

    out += ["", "Targets:"]
    rows = [
        ("zero 5xx", goal.server_errors),
        ("zero requests unanswered outside the kill", goal.dropped),
        ("zero 'database is locked'", goal.locked),
        ("zero tracebacks in the server log", goal.tracebacks),
        ("zero lost writes", goal.lost),
        ("zero duplicated writes", goal.duplicated),
        ("zero refused writes that were written", goal.refused_but_written),
        ("every check holds", len(goal.failed_checks)),
    ]
    out += [f"  - {name}: {'met' if n == 0 else f'MISSED ({n})'}" for name, n in rows]
    out.append("")
    out.append("RESULT: " + ("all targets met" if goal.met else "TARGETS MISSED"))
    return "\n".join(out) + "\n"
