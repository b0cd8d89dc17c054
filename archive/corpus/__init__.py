"""Synthetic corpus for benchmarks: realistic published records, made deterministically.

:func:`generate_corpus` fills the configured database with people (with name
variants and appointments), meetings (with participations) and documents (policy
prose of a few hundred words, partial dates, 3–10 links each), all published
and all indexed for search. The same seed gives the same corpus.

Every synthetic record's slug starts with :data:`SYNTHETIC_PREFIX`, which is
how the generator tells its own records from an archive's real ones: it refuses
to write into a database that holds real documents, meetings or people unless
``force`` is given.
"""

from .generate import SYNTHETIC_PREFIX, CorpusRefused, generate_corpus

__all__ = ["SYNTHETIC_PREFIX", "CorpusRefused", "generate_corpus"]
