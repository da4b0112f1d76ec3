"""Response headers that Django's `check --deploy` does not cover.

The Content-Security-Policy itself comes from django-csp (settings
CONTENT_SECURITY_POLICY); this middleware adds the rest:

- Permissions-Policy: no camera, microphone, geolocation, payment, USB, … —
  nothing in Tavana uses them, so a script that got in could not either;
- Cross-Origin-Resource-Policy: same-origin (Django sets the opener policy);
- X-Permitted-Cross-Domain-Policies: none;
- Cache-Control: no-store on every page shown to a signed-in person, so a
  shared office computer's browser cache or the back button after sign-out
  never shows a woman's record to the next person.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Permitted-Cross-Domain-Policies", "none")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
