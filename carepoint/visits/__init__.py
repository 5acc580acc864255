"""Home visits (探访关爱) and ability assessments: tiers from rules, the schedule, due lists,
visit records, follow-ups, the visit rate. Import the submodules directly (records, due, tiers,
schedule, assessments, summary, tasks, overrides); this package stays light because
migrations.py imports its schema."""
