"""Download a filtered person list as xlsx (same filters as the list: district, q)."""

from __future__ import annotations

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from tavana.accounts.access import require, user_can
from tavana.core.domain.jalali import jalali_today
from tavana.core.domain.persian_text import to_ascii_digits
from tavana.core.errors import ServiceError
from tavana.core.replica import reads_from_replica

from ..selectors import search_text_check, sensitive_purpose_check
from .workbook import XLSX_CONTENT_TYPE, person_export


@require("person.export")
@require_GET
@reads_from_replica
def persons_xlsx(request):
    try:
        q = search_text_check(request.GET.get("q", ""))
    except ServiceError as e:
        return HttpResponseBadRequest(e.message.encode())
    typed = to_ascii_digits(request.GET.get("district", "")).strip()
    if typed and not typed.isdigit():
        return HttpResponseBadRequest("منطقه باید یک عدد باشد.".encode())
    district = int(typed) if typed else None
    include_sensitive = request.GET.get("include") == "sensitive"
    if include_sensitive and not user_can(request.user, "person.sensitive"):
        raise PermissionDenied
    reason = request.GET.get("reason", "")
    if include_sensitive:
        try:
            reason = sensitive_purpose_check(reason)
        except ServiceError as e:
            return HttpResponseBadRequest(e.message.encode())
    out = tempfile.TemporaryFile(suffix=".xlsx")  # gone when the response is closed
    person_export(
        actor=request.user,
        out=out,
        q=q,
        district=district,
        include_sensitive=include_sensitive,
        reason=reason,
    )
    out.seek(0)
    today = jalali_today()
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"tavana-persons-{today.year:04d}-{today.month:02d}-{today.day:02d}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
