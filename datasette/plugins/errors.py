"""Unknown URLs answer 404, not 500.

Datasette 0.65 prints every handled error with rich when rich can be imported (Dagster brings
it), and rich 13+ raises ValueError when asked for a traceback outside an ``except`` block —
which is where Datasette handles a URL no route matches. Without this, every unknown address
was a 500. Datasette's own error pages are otherwise unchanged.
"""

from __future__ import annotations

import datasette.handle_exception

datasette.handle_exception.rich = None
