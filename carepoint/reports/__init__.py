"""Printed forms, Qt-free: each takes the open data and writes one PDF (see template.py)."""
