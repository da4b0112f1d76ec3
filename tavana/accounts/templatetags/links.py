"""{% url_if_allowed "route" arg… as href %}: the address, or "" where the
reader may not follow it (tavana.accounts.links)."""

from django import template

from tavana.accounts.links import url_if_allowed as _url_if_allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def url_if_allowed(context, route, *args):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _url_if_allowed(user, route, *args)
