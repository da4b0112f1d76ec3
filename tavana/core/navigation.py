"""The main menu: an entry per screen, shown only to roles the matrix allows."""

from django.urls import NoReverseMatch, reverse

from tavana.accounts.access import user_can
from tavana.accounts.matrix import ROUTES

# (url name, Persian label[, group]). The action comes from the permission matrix.
# Entries of one group that a role can open appear under one drop-down menu.
REGISTRY = "سامانهٔ ثبت"
TRAINING = "آموزش"
MARKETS = "بازارچه‌ها"
CAMPAIGN = "پویش"
YOUTH = "کودکان و نوجوانان"
MENU = [
    ("search:persons", "جست‌وجو"),
    ("people:register", "ثبت‌نام", REGISTRY),
    ("people_import:upload", "ورود از فایل", REGISTRY),
    ("people:change_requests", "درخواست‌های اصلاح", REGISTRY),
    ("people:duplicates", "تکراری‌ها", REGISTRY),
    ("casework:dashboard", "مددکاری"),
    ("training:courses", "دوره‌ها", TRAINING),
    ("training:centres", "مراکز کوثر", TRAINING),
    ("bazaars:home", "بازارچه‌ها", MARKETS),
    ("businesses:list", "تولیدکنندگان", MARKETS),
    ("campaign:signups", "پویش کار تو خونمونه", CAMPAIGN),
    ("campaign:mentees", "جلسه‌های منتورینگ", CAMPAIGN),
    ("youth:home", "هشدارهای تحصیلی", YOUTH),
    ("youth:import", "ورود کارنامه‌های مدرسه", YOUTH),
    ("youth:gifted", "مدارس نمونه و تیزهوشان", YOUTH),
    ("youth:grants", "تأیید حمایت‌های تحصیلی", YOUTH),
    ("youth:teens", "به وقت نوجوانی", YOUTH),
    ("youth:talent", "استعدادیابی", YOUTH),
    ("partners:home", "همکاران و تفاهم‌نامه‌ها"),
    ("partners:sharing_list", "تبادل داده با شریکان"),
    ("production:home", "سفارش‌های تولید"),
    ("insights:dashboard", "آمار و شاخص‌ها"),
    ("audit:log", "دفتر رویدادها"),
    ("accounts:admin", "مدیریت سامانه"),
]


def menu_for(user) -> list[dict]:
    """Menu entries the user may open: {label, url} or {label, children: [...]}."""
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for entry in MENU:
        name, label = entry[0], entry[1]
        group = entry[2] if len(entry) > 2 else None
        action = ROUTES.get(name)
        if action is None or not user_can(user, action):
            continue
        try:
            item = {"url": reverse(name), "label": label, "name": name}
        except NoReverseMatch:
            continue
        if group is None:
            items.append(item)
        elif group in groups:
            groups[group]["children"].append(item)
        else:
            groups[group] = {"label": group, "children": [item]}
            items.append(groups[group])
    # A group with one entry is just that entry.
    return [i["children"][0] if len(i.get("children", ())) == 1 else i for i in items]
