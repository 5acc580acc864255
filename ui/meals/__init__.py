"""The meal service pages: the daily sign-in sheet, enrollment, month close, rules."""
