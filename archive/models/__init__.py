from .documents import Document, DocumentQuerySet
from .sources import SourceFile
from .themes import PolicyTheme

__all__ = ["Document", "DocumentQuerySet", "PolicyTheme", "SourceFile"]
