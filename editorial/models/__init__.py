"""The data model. Import models from here: `from editorial.models import Article, User`."""

from editorial.models.account_tokens import AccountToken
from editorial.models.alarms import PublishAlarm
from editorial.models.article import (
    Article,
    ArticleFamily,
    article_authors,
    article_tags,
    on_byline,
    publicly_visible,
)
from editorial.models.audit import AuditEvent
from editorial.models.breaking import BreakingHeadline
from editorial.models.checklists import ChecklistRule, ChecklistSignoff, ChecklistWaiver
from editorial.models.claim_locations import ClaimLocation
from editorial.models.claims import Claim, ClaimChange
from editorial.models.comments import Comment
from editorial.models.fronts import Front, FrontSlot, FrontVersion
from editorial.models.history import (
    ArticleAssignment,
    ArticleRevision,
    ArticleTransition,
    Correction,
)
from editorial.models.insight_summary import InsightFactCheckEvent, InsightStageTotal
from editorial.models.live import (
    LivePost,
    LivePostClaim,
    LivePostRevision,
    LiveStory,
    public_posts,
)
from editorial.models.media import Image
from editorial.models.notifications import Kind, Notification, UnsubscribeToken
from editorial.models.planning import (
    ArticleDeadline,
    DeadlineWarning,
    Plan,
    SectionDeadlineDefault,
)
from editorial.models.presence import EditorPresence
from editorial.models.previews import PreviewLink, PreviewView
from editorial.models.reads import ArticleRead
from editorial.models.site import SiteSettingsRow, SiteVersion
from editorial.models.taxonomy import (
    Region,
    Section,
    SectionGroup,
    SlugHistory,
    Tag,
    WeeklySummary,
)
from editorial.models.user import Role, User, UserSession, end_sessions
from editorial.models.webhooks import JobFailure, WebhookDelivery, WebhookEndpoint

__all__ = [
    "LivePost",
    "LivePostClaim",
    "LivePostRevision",
    "LiveStory",
    "public_posts",
    "Front",
    "FrontSlot",
    "FrontVersion",
    "AccountToken",
    "JobFailure",
    "WebhookDelivery",
    "WebhookEndpoint",
    "ArticleDeadline",
    "DeadlineWarning",
    "Plan",
    "SectionDeadlineDefault",
    "Article",
    "ClaimLocation",
    "ChecklistRule",
    "ChecklistSignoff",
    "ChecklistWaiver",
    "ArticleFamily",
    "on_byline",
    "ArticleAssignment",
    "ArticleRead",
    "ArticleRevision",
    "ArticleTransition",
    "Correction",
    "InsightFactCheckEvent",
    "InsightStageTotal",
    "AuditEvent",
    "BreakingHeadline",
    "Claim",
    "ClaimChange",
    "Comment",
    "Kind",
    "Notification",
    "UnsubscribeToken",
    "PublishAlarm",
    "SiteSettingsRow",
    "SiteVersion",
    "SlugHistory",
    "EditorPresence",
    "PreviewLink",
    "PreviewView",
    "Image",
    "Region",
    "Role",
    "Section",
    "SectionGroup",
    "Tag",
    "User",
    "WeeklySummary",
    "UserSession",
    "article_authors",
    "article_tags",
    "end_sessions",
    "publicly_visible",
]
