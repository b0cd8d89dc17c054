"""Ingest: source file -> draft records with provenance.

read (bytes -> text) -> recognise (kind, cruft) -> extract (fields with spans)
-> reconcile (authority records) -> write (one transaction, all draft).
"""
