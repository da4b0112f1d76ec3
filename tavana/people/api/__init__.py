"""REST endpoints of the registry: persons, households, change requests.

Thin edges: each endpoint passes the matrix gate (`gate`), calls one selector or
service, and shapes the answer. Sensitive fields come back only to roles with
`person.sensitive`, only when asked (`?include=sensitive`), and every such read
is audited. Errors a person can fix are raised as `ServiceError` and come back
(tavana/config/api.py) as 422 with a Persian message per field and a code:
`{"errors": {"national_code": "…"}, "code": "…"}`; services are atomic, so a
refused write changes nothing.
"""

from .endpoints import router

__all__ = ["router"]
