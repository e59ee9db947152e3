"""The bookkeeping tables: written often, shown on no reader's page and no desk's board.

Sessions, presence, read counts, the versions themselves, notifications, the audit log,
webhooks' deliveries and endpoints, failed jobs, preview views, alarms and warnings, one-time
tokens. A transaction that writes only these moves neither the site's version
(`page_cache.UNSEEN`) nor the desk's (`board_version.UNSEEN`); each of those adds the tables only
its own pages leave out.
"""

from __future__ import annotations

BOOKKEEPING = frozenset(
    {
        "user_sessions",
        "editor_presence",
        "article_reads",
        "site_version",
        "notifications",
        "audit_events",
        "audit_refusal_tallies",
        "webhook_deliveries",
        "webhook_endpoints",
        "job_failures",
        "preview_views",
        "publish_alarms",
        "deadline_warnings",
        "account_tokens",
        "unsubscribe_tokens",
    }
)
