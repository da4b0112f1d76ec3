from django.db import migrations

CATEGORIES = [
    ("children_clothing", "پوشاک کودک"),
    ("teen_clothing", "پوشاک نوجوان"),
    ("women_clothing", "پوشاک زنانه"),
    ("men_clothing", "پوشاک مردانه"),
    ("bedding", "کالای خواب و روتختی"),
    ("hijab", "پوشاک و کالای حجاب"),
    ("handicrafts", "صنایع دستی"),
    ("jewellery", "زیورآلات"),
    ("needlework", "سوزن‌دوزی"),
    ("pottery", "سفال"),
    ("macrame", "مکرومه"),
    ("dolls", "عروسک"),
    ("candles", "شمع"),
    ("kitchen", "لوازم آشپزخانه"),
    ("cultural", "محصولات فرهنگی کوچک"),
    ("food", "بسته‌بندی خشکبار و مواد غذایی"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("businesses", "Category")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("businesses", "0001_producers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
