"""The parser both reference scripts share: what a user could write in an afternoon.

Walks a folder of markdown issues and yields one dict per link: list items
(`* [title](url) - description`) and paragraphs that end in a URL on a line of its own (bare,
`<url>` or `[url](url)`, the description being the lines before it or the paragraph before), with the issue's date
(front matter `date:` or the file name), its title, and the section (the last ATX or setext
heading). Regexes only, no markdown parser.
"""

import os
import re

ITEM = re.compile(r"^\s*[-*+]\s+\[([^\]]+)\]\((https?://[^)\s]+)\)\s*(.*)$")
BARE_URL = re.compile(r"^\s*(?:<br\s*/?>)?\s*(?:<|\[[^\]]*\]\()?(https?://[^\s)>]+)[)>]?\s*$")
ATX = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
DATE = re.compile(r"^\s*date\s*:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.IGNORECASE)
TITLE = re.compile(r"^\s*title\s*:\s*['\"]?(.+?)['\"]?\s*$", re.IGNORECASE)
FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def issues(root):
    """Every markdown file under `root`, sorted."""
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if name.endswith((".md", ".markdown", ".txt")):
                yield os.path.join(folder, name)


def links(root):
    """One dict per link of every issue under `root`."""
    for path in issues(root):
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        yield from issue_links(path, text)


def issue_links(path, text):
    """The links of one issue."""
    found = FILE_DATE.search(os.path.basename(path))
    issue = {"date": found.group(1) if found else "", "issue_title": "", "source": path}
    section = ""
    previous = ""
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) >= 2 and SETEXT.match(lines[-1]) and not lines[-1].strip() == "---":
            section = lines[-2].strip()
            continue
        heading = ATX.match(lines[0])
        if heading and len(lines) == 1:
            section = heading.group(1)
            continue
        for line in lines:
            if not issue["date"] and (date := DATE.match(line)):
                issue["date"] = date.group(1)
            elif not issue["issue_title"] and (title := TITLE.match(line)):
                issue["issue_title"] = title.group(1)
        items = [ITEM.match(line) for line in lines]
        if any(items):
            for item in filter(None, items):
                rest = item.group(3).lstrip("-–— ").strip()
                yield dict(issue, url=item.group(2), title=item.group(1), section=section,
                           description=f"{item.group(1)} {rest}".strip())
            continue
        last = BARE_URL.match(lines[-1])
        description = " ".join(line.strip() for line in lines[:-1] if last) or previous
        if last and description:
            yield dict(issue, url=last.group(1), title="", section=section,
                       description=description)
        previous = "" if last else " ".join(line.strip() for line in lines)
