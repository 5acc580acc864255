"""The township and county office on a PostgreSQL server (issue 21): the folder's connection,
the database, its backups. Villages never come here: they keep the embedded SQLite file."""
