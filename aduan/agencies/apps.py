from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "aduan.agencies"
