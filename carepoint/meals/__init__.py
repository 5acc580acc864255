"""Meal service (老年助餐): enrollment, the daily sign-in sheet, prices and subsidies from the
rules, month close. Import the submodules directly; this package must stay light because
migrations.py imports its schema."""
