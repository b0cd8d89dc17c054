import contextlib
import hashlib
import os
import posixpath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.text import get_valid_filename


def _as_text(name):
    """``name`` as text: a path whose bytes are not UTF-8 (decoded with surrogate escapes) is read as
    CP949, the Korean legacy encoding, if it is that, else with U+FFFD for the bytes."""
    raw = str(name).encode("utf-8", "surrogateescape")
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def received_name(name):
    """The name a file was received under (a path as given on the command line), fit for the ``name`` column."""
    name = _as_text(name)
    return name if len(name) <= 255 else "…" + name[-254:]


def stored_file_name(name):
    """The file's own name, without the folders of the path it was given by ("../d/x.txt" -> "x.txt").

    At most its last 100 characters and 200 bytes of UTF-8 (file systems allow 255 bytes: 85
    Hangul syllables are more), so the extension is kept.
    """
    base = posixpath.basename(_as_text(name).replace("\\", "/"))
    try:
        stored = get_valid_filename(base)[-100:]
    except SuspiciousFileOperation:  # "", "." or ".." once cleaned
        return "source.txt"
    while len(stored.encode()) > 200:
        stored = stored[1:]
    return stored


def source_upload_to(instance, filename):
    return f"sources/{instance.sha256[:2]}/{instance.sha256}/{stored_file_name(filename)}"


class SourceFile(models.Model):
    """A source file exactly as received. The same bytes are never kept twice."""

    class Format(models.TextChoices):
        WHITE_PAPER = "white_paper", "White-paper page"
        PRESS_RELEASE = "press_release", "Ministry press release"
        NEWS_STORY = "news_story", "News story"
        READOUT = "readout", "Readout"
        JOINT_STATEMENT = "joint_statement", "Joint statement or communiqué"
        GENERIC = "generic", "Generic text"

    file = models.FileField(upload_to=source_upload_to, max_length=300, help_text="The original bytes, untouched.")
    sha256 = models.CharField(max_length=64, editable=False, help_text="The fingerprint of the bytes.")
    name = models.CharField(max_length=255, help_text="The file name as received.")
    size = models.PositiveIntegerField(default=0, editable=False)
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    encoding = models.CharField(max_length=30, blank=True, help_text="The text encoding detected on reading.")
    warnings = models.JSONField(default=list, blank=True, help_text="What the reader noticed while parsing.")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["sha256"], name="sourcefile_unique_sha256")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.file and not self.sha256:
            if self.file._committed:
                data = self.read_bytes()
            else:
                self.file.seek(0)
                data = self.file.read()
                self.file.seek(0)
            self.sha256, self.size = self.fingerprint(data), len(data)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:source-file", kwargs={"sha256": self.sha256})

    @staticmethod
    def fingerprint(data):
        return hashlib.sha256(data).hexdigest()

    @classmethod
    def from_bytes(cls, name, data, **fields):
        """An unsaved SourceFile holding ``data``; saving it stores the bytes."""
        source = cls(name=received_name(name), size=len(data), sha256=cls.fingerprint(data), **fields)
        source.file = source.store_bytes(name, data)
        return source

    def store_bytes(self, name, data):
        """Store ``data`` (this file's bytes, its sha256 already set) under ``name``; return the stored name.

        The stored path holds the sha256, so on the local file system (``FileSystemStorage``
        itself, with no directory mode set) the bytes are written straight: one exclusive
        create, as ``FileSystemStorage._save`` does, the file's mode and group set as it sets
        them, without the name checks its general path repeats for every file (about a
        tenth of an ingest worker's time). Any other storage, or a name already taken,
        goes through ``FieldFile.save``.
        """
        field = self._meta.get_field("file")
        storage = field.storage  # default_storage is a proxy: its __class__ is the storage's own
        if storage.__class__ is FileSystemStorage and storage.directory_permissions_mode is None:
            stored = source_upload_to(self, name)
            full_path = storage.path(stored)
            os.makedirs(os.path.dirname(full_path), exist_ok=True)
            try:
                fd = os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                pass
            else:
                try:
                    with open(fd, "wb") as handle:
                        handle.write(data)
                        if storage.file_permissions_mode is not None:
                            os.fchmod(fd, storage.file_permissions_mode)
                        location_gid = os.stat(storage.location).st_gid
                        if os.fstat(fd).st_gid != location_gid:
                            with contextlib.suppress(PermissionError):
                                os.fchown(fd, -1, location_gid)
                except BaseException:
                    os.remove(full_path)  # never a file with part of the bytes
                    raise
                return stored
        self.file.save(name, ContentFile(data), save=False)
        return self.file.name

    def read_bytes(self):
        with self.file.open("rb") as handle:
            return handle.read()
