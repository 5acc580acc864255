"""Subsidies: rule tables, monthly entitlements with their reasons, 新增/停发, stops and recovery,
the review → approval → payment workflow and the checks before approval. Import the submodules
directly; this package stays light because migrations.py imports its schema."""
