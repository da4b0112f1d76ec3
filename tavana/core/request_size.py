"""A cap on the size of any request the application reads (docs/security.md, 13).

Django bounds form fields in memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams a
file upload of any size to disk. Every request whose declared body is larger
than `TAVANA_MAX_REQUEST_BYTES` (default 25 MB: the largest upload, 20 MB, and
its form) is answered 413 before a byte of it is read. The proxy in front
should hold the same limit (deploy/).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

DEFAULT_MAX_REQUEST_BYTES = 25 * 1024 * 1024
TOO_LARGE = "درخواست بزرگ‌تر از اندازهٔ مجاز است؛ فایل را کوچک‌تر یا چند بخش کنید."


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "TAVANA_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return HttpResponse(TOO_LARGE, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
