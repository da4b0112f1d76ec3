"""Her inbox: the SMS sent to her number about what she takes part in.

Only the kinds addressed to women (`notifications.registry.sms_to_women`), only
since she took the number, and — checked again as they are shown — none whose
text the no-label check refuses today (an administrator may have added a word
since the message went)."""

from __future__ import annotations

from django.shortcuts import render

from tavana.core.domain.naming import check_sms_text
from tavana.core.labels import label_words
from tavana.notifications.selectors import sms_to_her
from tavana.people.selectors import mobile_since, person_self_get

from .. import access


@access.woman_required
def inbox(request, person_id: int):
    person = person_self_get(person_id=person_id)
    rows = sms_to_her(mobile=person.mobile, since=mobile_since(person_id=person_id))
    words = label_words()
    shown = [m for m in rows if check_sms_text(m.text, words).ok]
    return render(request, "portal/inbox.html", {"sms": shown, "mobile": person.mobile})
