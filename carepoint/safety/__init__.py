"""Never lose data: consistent backups, verified restore, integrity checks, safe file writes.

- files: writing a file under a temporary name, fsync, rename; readable messages for a full or
  read-only disk.
- facts: what a database file holds (village, schema version, counts) and its integrity check.
- backup: the online backup of the open data, verified, recorded in backups/catalog.json, and the
  rotation of automatic backups (7 daily, 4 weekly, 12 monthly by default).
- restore: put a backup back after showing what it holds, keeping the current data as a safety copy.
- logs: the rotating log file in logs/, with personal numbers masked.
"""
