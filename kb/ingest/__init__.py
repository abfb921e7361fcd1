"""Ingest stages: readers -> clean -> tables -> meta -> segment (pure functions but readers)."""
