"""The roles of Tavana's staff and partners (codes are stable; labels are Persian)."""

ADMINISTRATOR = "administrator"
REGISTRAR = "registrar"
SOCIAL_WORKER = "social_worker"
CENTRE_MANAGER = "centre_manager"
TRAINER = "trainer"
BAZAAR_ORGANISER = "bazaar_organiser"
MANAGER = "manager"
PARTNER_ANALYST = "partner_analyst"
AUDITOR = "auditor"

ROLE_LABELS = {
    ADMINISTRATOR: "مدیر سامانه",
    REGISTRAR: "کارشناس ثبت",
    SOCIAL_WORKER: "مددکار اجتماعی",
    CENTRE_MANAGER: "مدیر مرکز کوثر",
    TRAINER: "مربی / منتور",
    BAZAAR_ORGANISER: "برگزارکنندهٔ بازارچه",
    MANAGER: "مدیر (گزارش‌ها)",
    PARTNER_ANALYST: "تحلیلگر شریک",
    AUDITOR: "حسابرس",
}
ROLES = list(ROLE_LABELS)
ROLE_CHOICES = list(ROLE_LABELS.items())
