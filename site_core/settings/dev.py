from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# django-ratelimit (contact forms) counts in Django's default LocMemCache here,
# one per process: right for the development server and the tests, which run
# in one process. Its checks refuse that cache (E003) and any not on its list
# (W001); production configures a shared cache (Redis) and keeps the checks.
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405 - from base
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]
