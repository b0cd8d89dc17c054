"""Bulk import and export of every record kind.

``records_import`` (one function for the admin, the shell and an API) reads a
CSV, XLSX or JSON file, validates every row against the kind's resource and
writes everything in one transaction or nothing at all. ``records_export``
streams a kind as CSV, XLSX or JSON. The resources (one per kind, in each
app's ``resources.py``) declare the columns.
"""
