"""Never lose data: consistent backups, verified restore, integrity checks, safe file writes.

- files: writing a file under a temporary name, fsync, rename; readable messages for a full or
  read-only disk.
- facts: what a database file holds (village, schema version, counts) and its integrity check.
- backup: the online backup of the open data, verified before it gets its name.
- catalog: backups/catalog.json, the record of every backup made from a data folder.
- rotation: automatic backups (daily, on exit) thinned to 7 daily, 4 weekly, 12 monthly.
- restore: put a backup back after showing what it holds, keeping the current data as a safety copy.
- startup: the quick check when the app starts and the message for damaged data.
- logs: the rotating log file in logs/, with personal numbers masked.
"""
