from django.shortcuts import render

from tavana.accounts import roles
from tavana.accounts.access import require
from tavana.audit.labels import action_label, changes
from tavana.audit.selectors import PROTECTED_ACTIONS, audit_entry_list

from . import lookups
from .forms import AuditFilterForm


@require("audit.view")
def log(request):
    hidden = () if request.user.role == roles.AUDITOR else PROTECTED_ACTIONS
    form = AuditFilterForm(request.GET or None, hidden=hidden)
    entries = None
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        who, staff = data.pop("person"), data.pop("user")
        entries = audit_entry_list(
            actor=request.user,
            people=lookups.people_matching(who) if who else None,
            usernames=lookups.staff_matching(staff) if staff else None,
            **data,
        )
    elif not form.is_bound:
        entries = audit_entry_list(actor=request.user)
    page = None
    if entries is not None:
        # The log only grows: count-free pagination keeps big logs fast.
        number = request.GET.get("page", "1")
        number = int(number) if number.isdigit() and int(number) > 0 else 1
        rows = list(entries[(number - 1) * 50 : number * 50 + 1])
        names = lookups.person_names(e.person_id for e in rows)
        for e in rows:
            e.label, e.changes = action_label(e.action), changes(e)
            e.record = lookups.record_label(e.object_type) if e.object_type else ""
            e.person_name = names.get(e.person_id, "")
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
