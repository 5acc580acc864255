"""The subsidies page, its dialogs, the rules editor and the home page card."""
