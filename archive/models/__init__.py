from .audit import AuditEvent
from .documents import Document, DocumentQuerySet
from .sources import SourceFile
from .themes import PolicyTheme

__all__ = ["AuditEvent", "Document", "DocumentQuerySet", "PolicyTheme", "SourceFile"]
