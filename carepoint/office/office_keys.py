"""The office's own keys in its PostgreSQL database, so every desk of the office has them.

A township's (or county's) two private keys are only ever stored encrypted under the office
passphrase (scrypt + AES-256-GCM, carepoint/exchange/crypto.py), so the database may hold them as
safely as a backup does; a desk that joins the office reads them from there instead of someone
copying key files by hand. On SQLite the table stays empty: a one-PC office keeps its keys folder.
"""

from __future__ import annotations

from carepoint import clock, dialect


def create_table(db) -> None:
    """Migration step: the office's encrypted key files, by file name."""
    db.execute_sql(
        "CREATE TABLE office_key (name TEXT PRIMARY KEY, pem TEXT NOT NULL,"
        " written_at TEXT NOT NULL)"
    )


def kept_in_database(db) -> bool:
    return dialect.is_postgres(db)


def read(db, name: str) -> bytes | None:
    row = db.execute_sql("SELECT pem FROM office_key WHERE name = ?", [name]).fetchone()
    return row[0].encode("ascii") if row else None


def write(db, name: str, pem: bytes) -> None:
    db.execute_sql(
        "INSERT INTO office_key (name, pem, written_at) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET pem = excluded.pem, written_at = excluded.written_at",
        [name, pem.decode("ascii"), clock.utcnow().isoformat(sep=" ")],
    )
