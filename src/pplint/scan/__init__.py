"""Scans of the published record: documents streamed from archives to records."""
