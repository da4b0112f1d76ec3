"""The person page's section on her businesses and selling opportunities
(registered in apps.ready, so the registry never imports businesses)."""

from __future__ import annotations

from tavana.accounts.access import user_can
from tavana.core.domain.jalali import jalali_today


def business_section(actor, person) -> dict | None:
    from .models import BusinessMember, Producer
    from .selling import opportunities, producer_history

    members = list(
        BusinessMember.objects.filter(person=person)
        .select_related("business")
        .prefetch_related("business__categories")
    )
    producer = Producer.objects.filter(person=person).select_related("business", "category").first()
    if not members and producer is None:
        return None
    history = producer_history(producer)[:20] if producer else []
    year = jalali_today().year
    return {
        "title": "کسب‌وکار و بازارچه‌ها",
        "template": "businesses/_section_person.html",
        "context": {
            "members": members,
            "producer": producer,
            "history": history,
            "year": year,
            "this_year": opportunities([producer.pk], year).get(producer.pk, 0) if producer else 0,
            "can_open": user_can(actor, "bazaar.manage"),
        },
    }
