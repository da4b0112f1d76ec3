from django.shortcuts import render

from tavana.accounts.access import require
from tavana.audit.labels import action_label, changes
from tavana.audit.selectors import audit_entry_list

from .forms import AuditFilterForm


@require("audit.view")
def log(request):
    form = AuditFilterForm(request.GET or None)
    entries = None
    if form.is_bound and form.is_valid():
        entries = audit_entry_list(actor=request.user, **form.cleaned_data)
    elif not form.is_bound:
        entries = audit_entry_list(actor=request.user)
    page = None
    if entries is not None:
        # The log only grows: count-free pagination keeps big logs fast.
        number = request.GET.get("page", "1")
        number = int(number) if number.isdigit() and int(number) > 0 else 1
        rows = list(entries[(number - 1) * 50 : number * 50 + 1])
        for e in rows:
            e.label, e.changes = action_label(e.action), changes(e)
        page = {
            "rows": rows[:50],
            "number": number,
            "has_next": len(rows) > 50,
            "has_previous": number > 1,
        }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "core/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
