"""A Django cache backend in one SQLite file, shared by every process on the machine.

The public page cache (archive/cache.py) lives here by default: gunicorn's
workers, management commands and a second app server on the same host all
read and fill one store, so a page rendered by one worker is a hit in every
other. Reads are one indexed SELECT in WAL mode (readers never wait for a
writer); writes are short transactions without fsync (``synchronous=NORMAL``:
a power cut may lose recent entries, which is harmless for a cache).

Django's own FileBasedCache lists its whole folder on every ``set`` to cull
it, which costs tens of milliseconds at 20,000 pages; here culling runs every
``CULL_EVERY`` writes. Scaled out to several hosts, point the ``pages`` alias
at Redis instead (docs/listfast.md).
"""

import logging
import os
import pickle
import random
import sqlite3
import threading
import time
import zlib
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

logger = logging.getLogger(__name__)
SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    expires REAL
)
"""


class SQLiteCache(BaseCache):
    CULL_EVERY = 100

    def __init__(self, location, params):
        super().__init__(params)
        self.path = Path(location)
        self.busy_timeout = params.get("OPTIONS", {}).get("BUSY_TIMEOUT", 10)
        self._local = threading.local()

    def _connection(self):
        # One connection per thread and process: a connection must never cross a fork.
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(SCHEMA)
        self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    @staticmethod
    def _dump(value):
        return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)

    @staticmethod
    def _load(blob):
        return pickle.loads(zlib.decompress(blob))

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._connection().execute("SELECT value, expires FROM entries WHERE key = ?", (key,)).fetchone()
        if row is None or (row[1] is not None and row[1] <= time.time()):
            return default
        return self._load(row[0])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._write("INSERT OR REPLACE", key, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection()
        connection.execute("DELETE FROM entries WHERE key = ? AND expires <= ?", (key, time.time()))
        return self._write("INSERT OR IGNORE", key, value, timeout) == 1

    def _write(self, verb, key, value, timeout):
        connection = self._connection()
        expires = self.get_backend_timeout(timeout)
        try:
            cursor = connection.execute(
                f"{verb} INTO entries (key, value, expires) VALUES (?, ?, ?)", (key, self._dump(value), expires)
            )
            if random.randrange(self.CULL_EVERY) == 0:
                self._cull(connection)
        except sqlite3.OperationalError as error:
            # A page that cannot be stored (store locked too long, disk full)
            # is served all the same; the next request renders it again.
            logger.warning("Page store %s: write skipped (%s)", self.path, error)
            return 0
        return cursor.rowcount

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        cursor = self._connection().execute(
            "UPDATE entries SET expires = ? WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (self.get_backend_timeout(timeout), key, time.time()),
        )
        return cursor.rowcount == 1

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._connection().execute("DELETE FROM entries WHERE key = ?", (key,)).rowcount == 1

    def clear(self):
        self._connection().execute("DELETE FROM entries")

    def _cull(self, connection):
        connection.execute("DELETE FROM entries WHERE expires <= ?", (time.time(),))
        (count,) = connection.execute("SELECT COUNT(*) FROM entries").fetchone()
        if count > self._max_entries and self._cull_frequency == 0:
            connection.execute("DELETE FROM entries")
        elif count > self._max_entries:
            # The oldest writes go first: rowids grow with each INSERT OR REPLACE.
            keep = self._max_entries - self._max_entries // self._cull_frequency
            connection.execute(
                "DELETE FROM entries WHERE rowid <= (SELECT rowid FROM entries ORDER BY rowid DESC LIMIT 1 OFFSET ?)",
                (keep,),
            )

    def close(self, **kwargs):
        # Kept open across requests: opening the file costs more than a cached page.
        pass
