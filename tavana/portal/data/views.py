"""Her own data to take away (own_data.py beside it)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render

from .. import access
from . import own_data

FORMATS = {
    "xlsx": (own_data.as_xlsx, own_data.XLSX),
    "json": (own_data.as_json, "application/json; charset=utf-8"),
}


@access.woman_required
def my_data(request, person_id: int):
    return render(request, "portal/my_data.html", {})


@access.woman_required
def my_data_download(request, fmt: str, person_id: int):
    if fmt not in FORMATS:
        raise Http404
    write, content_type = FORMATS[fmt]
    body = write(own_data.own_data(person_id=person_id))
    response = HttpResponse(body, content_type=content_type)
    # the name says nothing about her: downloads on a shared phone are seen by others
    name = f"tavana-my-data-{dt.date.today().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
