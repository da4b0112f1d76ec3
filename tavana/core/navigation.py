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


# Where the menu bar opens out (Bootstrap breakpoints, px). Below it the menu
# collapses behind the ☰ button.
BREAKPOINTS = (("lg", 992), ("xl", 1200), ("xxl", 1400))


def menu_breakpoint(user, items: list[dict] | None = None) -> str:
    """The narrowest breakpoint at which the user's menu bar fits on one line
    («lg», «xl», «xxl»), or «never» for a menu too long for any screen: a role
    with many menus gets the ☰ menu on a small laptop instead of a bar wider
    than the screen. Widths are estimated from the labels (Vazirmatn, 16 px)."""
    items = menu_for(user) if items is None else items
    bar = sum(len(i["label"]) * 7.5 + 18 + (14 if i.get("children") else 0) for i in items)
    who = f"{getattr(user, 'display_name', '')} · {getattr(user, 'role_label', '')}"
    fixed = 70 + 110 + 70 + 48 + len(who) * 6.5  # brand, inbox, sign-out, gutters; her name
    for name, width in BREAKPOINTS:
        if bar + fixed <= width - 24:  # minus the scrollbar
            return name
    return "never"
