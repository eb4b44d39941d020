"""Reference: index an archive's links in SQLite FTS5 (porter stemming), as a user might script it.

    python3 ingest_fts5.py ARCHIVE_DIR DATABASE
"""

import os
import sqlite3
import sys

from links import links

COLUMNS = ("url", "title", "description", "section", "date", "issue_title", "source")


def main(root, database):
    if os.path.exists(database):
        os.remove(database)
    connection = sqlite3.connect(database)
    connection.execute(
        f"CREATE VIRTUAL TABLE links USING fts5({', '.join(COLUMNS)}, tokenize='porter unicode61')"
    )
    rows = ((link[column] for column in COLUMNS) for link in links(root))
    with connection:
        connection.executemany(
            f"INSERT INTO links VALUES ({', '.join('?' for _ in COLUMNS)})",
            (tuple(row) for row in rows),
        )
    count = connection.execute("SELECT count(*) FROM links").fetchone()[0]
    connection.close()
    print(f"fts5: {count} links", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
