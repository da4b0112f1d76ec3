"""Permission gates. Views pass one of these before doing anything else."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from . import matrix


def user_can(user, action: str) -> bool:
    if action == matrix.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return matrix.can(user.role, action)


def access_action(user, action: str) -> None:
    """Raise PermissionDenied unless the user may take the action."""
    if not user_can(user, action):
        raise PermissionDenied


def require(action: str):
    """View decorator: anonymous → login page; signed in without the right → 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if action != matrix.PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access_action(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.tavana_action = action
        return wrapped

    return decorator
