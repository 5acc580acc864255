"""The visits pages and dialogs (探访关爱): due list, visit records, assessments, rules."""
