"""The PySide6 desktop front end of CarePoint."""
