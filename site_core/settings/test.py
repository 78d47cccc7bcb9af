from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The live server serves static files from the apps itself; without this,
# WhiteNoise would scan STATIC_ROOT at start and warn that nothing is collected.
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests never call a machine translation service, whatever the environment says.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

# django-ratelimit (contact forms) counts in Django's default LocMemCache here,
# one per process: right for the development server and the tests, which run
# in one process. Its checks refuse that cache (E003) and any not on its list
# (W001); production configures a shared cache (Redis) and keeps the checks.
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405 - from base
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]

# The tests use the caches in memory, whatever REDIS_URL says, and no page
# cache: most tests change pages inside a test's transaction, where the page
# cache's invalidation (after commit) never runs. tests/site_core/
# test_caching*.py switch it on (PAGE_CACHE_TIMEOUT) and run their changes'
# after-commit callbacks (captureOnCommitCallbacks).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PAGE_CACHE_TIMEOUT = 0

# django-axes refuses Django's test client's login(), which authenticates
# without a request (Wagtail's test utilities log in that way). Its lockouts
# are tested with it switched on, through the login form
# (tests/reliability/test_logins.py).
AXES_ENABLED = False
