"""What the upper layers plug into data sharing (filled in their `AppConfig.ready`).

The partners context keeps the data-sharing agreements, their tokens and their
extracts; the figures themselves are `tavana.insights`' (above this layer), and
which women must never leave in a record-level extract is the protected
programmes' to say (also above, and unknown to this context). So:

- `INDICATORS`: indicator code → Persian title, the tables a partner may be
  given (insights registers its tables);
- `EXTRACT_MAKERS`: extract kind → fn(sharing, start, end) → (filename, bytes,
  summary), which builds an extract with disclosure control (insights);
- `INDICATOR_READERS`: fn(sharing, code, start, end) → a protected table as
  JSON, for the partner API (insights);
- `NEVER_SHARED`: fns giving querysets of person ids never to include in a
  record-level extract (the protected programmes register theirs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

INDICATORS: dict[str, str] = {}
EXTRACT_MAKERS: dict[str, Callable[..., tuple[str, bytes, dict]]] = {}
INDICATOR_READERS: list[Callable[..., dict]] = []
NEVER_SHARED: list[Callable[[], Any]] = []
