from django.apps import AppConfig


class BusinessesConfig(AppConfig):
    name = "tavana.businesses"
    label = "businesses"
    verbose_name = "کسب‌وکارهای خانگی و خرد"

    def ready(self) -> None:
        # The person page is extended here, so the registry never imports businesses.
        from tavana.people import views as people_views

        from . import hooks

        if hooks.business_section not in people_views.PERSON_SECTIONS:
            people_views.PERSON_SECTIONS.append(hooks.business_section)

        from tavana.accounts import views_admin

        link = ("businesses:categories", "دسته‌های محصول", "رسته‌های کسب‌وکارها و فروش بازارچه‌ها")
        if link not in views_admin.ADMIN_LINKS:
            views_admin.ADMIN_LINKS.append(link)
