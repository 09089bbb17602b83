from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "aduan.api"
