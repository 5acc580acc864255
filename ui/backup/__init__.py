"""Backup and restore in the app: the Settings section, the restore dialog, automatic backups."""
