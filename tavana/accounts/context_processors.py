from .roles import ROLE_LABELS


def role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from tavana.core.navigation import menu_breakpoint, menu_for

    return {
        "user_role": user.role,
        "user_role_label": ROLE_LABELS.get(user.role, ""),
        "menu": lambda: menu_for(user),  # built only if a template uses it
        "menu_expand": lambda: menu_breakpoint(user),
    }
