"""Reference: index an archive's links with tantivy-py (Tantivy's `en_stem`), as a user might
script it.

    python3 ingest_tantivy_py.py ARCHIVE_DIR INDEX_DIR
"""

import os
import shutil
import sys

import tantivy

from links import links

TEXT = ("title", "description", "issue_title", "url")
EXACT = ("section", "source")


def main(root, folder):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    builder = tantivy.SchemaBuilder()
    for name in TEXT:
        builder.add_text_field(name, stored=True, tokenizer_name="en_stem")
    for name in EXACT:
        builder.add_text_field(name, stored=True, tokenizer_name="raw")
    builder.add_date_field("date", stored=True, indexed=True, fast=True)
    index = tantivy.Index(builder.build(), path=folder)
    writer = index.writer()
    count = 0
    for link in links(root):
        fields = {name: link[name] for name in TEXT + EXACT}
        document = tantivy.Document(**fields)
        if link["date"]:
            document.add_date("date", datetime_of(link["date"]))
        writer.add_document(document)
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    print(f"tantivy-py: {count} links", file=sys.stderr)


def datetime_of(day):
    import datetime

    return datetime.datetime.strptime(day, "%Y-%m-%d")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
