from django.db import models
from django.utils.translation import gettext_lazy as _


class EventLanguage(models.TextChoices):
    GERMAN = "de", _("Deutsch")
    RUSSIAN = "ru", _("Russisch")
    BOTH = "de-ru", _("Deutsch und Russisch")
