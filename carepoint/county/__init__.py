"""The county level (issue 21): village → township → county.

A county enrolls its townships as a township enrolls its villages (enrollment.py; the county's
keys are made and kept like a township's, carepoint.exchange.keys). A township that joined a
county keeps each village package it imports, as received (carepoint.exchange.outbox), and
forwards them in one container it signs and seals to the county (forward.py). The county checks
the township's signature, then each village's own, and merges every village apart into the same
tw_<table> copies a township keeps (county_import.py, through township_import.merge); which
township vouches for which village is in county_village. overview.py puts townships and villages
side by side. Why this way: docs/design-county.md.
"""
