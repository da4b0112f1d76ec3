"""A woman acting for herself through the portal (`tavana.portal`).

Services take the acting user; when the woman herself acts, they get a `Herself`:
the audit log records the action under her own name (`self:<person id>`), never a
member of staff, and fields that name a staff member (who enrolled her) stay empty.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Herself:
    person_id: int
    pk = None
    role = None
    is_authenticated = False
    is_active = True

    @property
    def username(self) -> str:
        return f"self:{self.person_id}"


def staff_or_none(actor):
    """The actor when a member of staff acts, None when the woman herself does."""
    return None if isinstance(actor, Herself) else actor
