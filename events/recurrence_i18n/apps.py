from django.apps import AppConfig


class RecurrenceI18nConfig(AppConfig):
    name = "events.recurrence_i18n"
    label = "recurrence_i18n"
    verbose_name = "django-recurrence (Russian)"
