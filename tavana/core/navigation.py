"""The main menu: an entry per screen, shown only to roles the matrix allows."""

from django.urls import NoReverseMatch, reverse

from tavana.accounts.access import user_can
from tavana.accounts.matrix import ROUTES

# (url name, Persian label). The action comes from the permission matrix.
MENU = [
    ("search:persons", "جست‌وجو"),
    ("people:register", "ثبت‌نام"),
    ("people_import:upload", "ورود از فایل"),
    ("people:change_requests", "درخواست‌های اصلاح"),
    ("people:duplicates", "تکراری‌ها"),
    ("casework:dashboard", "مددکاری"),
    ("training:courses", "دوره‌ها"),
    ("training:centres", "مراکز کوثر"),
    ("bazaars:home", "بازارچه‌ها"),
    ("businesses:list", "تولیدکنندگان"),
    ("campaign:signups", "پویش کار تو خونمونه"),
    ("campaign:mentees", "جلسه‌های منتورینگ"),
    ("audit:log", "دفتر رویدادها"),
]


def menu_for(user) -> list[dict]:
    items = []
    for name, label in MENU:
        action = ROUTES.get(name)
        if action is None or not user_can(user, action):
            continue
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue
    return items
