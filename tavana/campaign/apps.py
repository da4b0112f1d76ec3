from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "tavana.campaign"
    label = "campaign"
    verbose_name = "پویش «کار تو خونمونه» و منتورها"
