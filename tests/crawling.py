"""What the two crawls of the demo (every link in a browser, every page in English) share.

A crawl follows a few links of each shape. A link that makes a new shape on every page it
leads to (a pager that appended "?" to its own query string, once) would keep it going for
ever: CI then times out with no word of why. `followed` stops it with the links to blame.
"""

import re
from urllib.parse import parse_qsl, urlsplit

# The demo's users are shown a few hundred shapes at most; ten times that is a runaway.
MAX_PAGES = 2_000


def shape(url: str) -> str:
    """A link's shape: its path and query keys with every number and value blanked."""
    parts = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def followed(seen: set[str], link: str) -> None:
    """Count `link` as followed, failing once a crawl follows more than MAX_PAGES."""
    seen.add(link)
    if len(seen) > MAX_PAGES:
        longest = sorted(seen, key=len)[-3:]
        raise AssertionError(f"The crawl passed {MAX_PAGES} pages; its longest links: {longest}")
