"""The one error a service raises when it refuses a request a person can fix.

Every context raises `ServiceError` (or a subclass that adds what its callers
need, such as the registry's `DuplicatePerson`); nobody defines an error class
of their own. It carries

- `errors`: field name → Persian message (`"__all__"` for the request as a
  whole), so a form shows each message beside its field and keeps what was
  typed;
- `code`: a stable, machine-readable reason (ASCII, snake_case) for scripts
  and for callers that must tell one refusal from another.

It is shown in exactly one way per edge:

- a page with a form: ``with form.showing_service_errors(): …`` (StyledForm,
  tavana/core/forms.py);
- a button without a form: ``with service_errors_as_message(request): …``
  (below), which turns the refusal into a flash message (and tells a view that
  answers with a file that it must redirect instead);
- the API: tavana/config/api.py answers 422 with the JSON of `as_json()`.

A service raises it before it writes anything (or inside its transaction, so
the refusal rolls the write back): a refusal never half-writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from tavana.core.domain.numbers import persian_numbers

WHOLE = "__all__"


class ServiceError(Exception):
    """A request refused for a reason a person can fix."""

    code = "invalid"

    def __init__(self, errors: Mapping[str, str] | str, *, code: str | None = None):
        raw = {WHOLE: errors} if isinstance(errors, str) else dict(errors)
        # numbers in a refusal are read by a person: Persian digits, «٫» «٬»
        self.errors: dict[str, str] = {k: persian_numbers(v) for k, v in raw.items()}
        if code is not None:
            self.code = code
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """Every message in one Persian sentence (for a flash message or a log)."""
        return "؛ ".join(self.errors.values())

    def as_json(self, actor: Any = None) -> dict[str, Any]:
        """The API's 422 body; a subclass may add what `actor` is allowed to see."""
        return {"errors": self.errors, "code": self.code}


class Refusal:
    """What `service_errors_as_message` yields: true once the service refused."""

    error: ServiceError | None = None

    def __bool__(self) -> bool:
        return self.error is not None


@contextmanager
def service_errors_as_message(request) -> Iterator[Refusal]:
    """For a button without a form: a refusal becomes an error flash message and
    the view goes on to its redirect. A view that answers with a file on success
    asks the yielded `Refusal` whether to redirect instead:

        with service_errors_as_message(request) as refused:
            content = services.bank_file(...)
        if refused:
            return redirect(...)
    """
    from django.contrib import messages

    refusal = Refusal()
    try:
        yield refusal
    except ServiceError as e:
        refusal.error = e
        messages.error(request, e.message)
