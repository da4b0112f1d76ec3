from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import ROLE_CHOICES, ROLE_LABELS


class User(AbstractUser):
    """A member of staff or a partner's analyst.

    Scope: the districts and Kowsar centres a user works in. An empty scope on
    an office-wide role (administrator, manager, auditor) means the whole city.
    A social worker's caseload is the set of cases assigned to her (casework).
    """

    role = models.CharField("نقش", max_length=30, choices=ROLE_CHOICES, blank=True)
    districts = models.ManyToManyField(
        "core.District", blank=True, related_name="+", verbose_name="مناطق"
    )
    centres = models.ManyToManyField(
        "training.Centre", blank=True, related_name="+", verbose_name="مراکز کوثر"
    )
    partner_organisation = models.CharField("سازمان شریک", max_length=200, blank=True)

    class Meta:
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
