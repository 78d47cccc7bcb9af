"""Production: gunicorn behind nginx, every value from the environment.

deploy/env.example lists the variables with example values, the README's
"Deployment (Betrieb)" section explains them. The settings refuse to load
without a secret key or allowed hosts rather than run half-configured.
"""

import os
from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def with_upgrade_insecure_requests(policy):
    return {**policy, "DIRECTIVES": {**policy["DIRECTIVES"], "upgrade-insecure-requests": True}}


def with_image_source(policy, source):
    directives = policy["DIRECTIVES"]
    return {**policy, "DIRECTIVES": {**directives, "img-src": [*directives["img-src"], source]}}


# SECRET_KEY comes from the environment in base.py.
if not SECRET_KEY:  # noqa: F405 - from base
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set in production (comma-separated host names)."
    )

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Links in notification e-mails from the admin; the site's first host unless set.
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL",
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
)

# Database: DATABASE_URL (base.py). Persistent connections are checked before
# reuse, so a restarted PostgreSQL costs no failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405 - from base

# HTTPS: nginx terminates TLS and tells us with X-Forwarded-Proto (it must
# overwrite the header, see deploy/nginx.conf.example).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Browsers fetch anything still addressed as http:// over HTTPS. Off only when
# the site itself is served over plain HTTP (`make serve-prod` on this machine).
if SECURE_SSL_REDIRECT:
    CONTENT_SECURITY_POLICY = with_upgrade_insecure_requests(CONTENT_SECURITY_POLICY)  # noqa: F405
    CONTENT_SECURITY_POLICY_ADMIN = with_upgrade_insecure_requests(CONTENT_SECURITY_POLICY_ADMIN)  # noqa: F405

# The contact forms' rate limit counts per visitor's IP address. Behind nginx
# REMOTE_ADDR is nginx's own address, so read the header nginx overwrites with
# the client's (deploy/nginx.conf.example). Empty: REMOTE_ADDR, for gunicorn
# without a proxy in front (`make serve-prod`).
RATELIMIT_IP_META_KEY = os.environ.get("DJANGO_RATELIMIT_IP_META_KEY", "HTTP_X_FORWARDED_FOR")

# E-mail: notifications from the admin's workflow, error reports to ADMINS.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# "Name <address>, other@example.org": who gets an e-mail for every server error.
ADMINS = getaddresses(env_list("ADMINS"))

# Static files: hashed names, gzip and brotli copies made by collectstatic,
# served by WhiteNoise with a year's immutable caching.
# Media (uploaded images and documents): on this server's disk under
# DJANGO_MEDIA_ROOT, served by nginx; or, with AWS_STORAGE_BUCKET_NAME, in an
# S3-compatible bucket (below), which any number of servers can share.
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405 - from base
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405 - from base
STORAGES = {
    # Django's FileSystemStorage, which removes a partly written file when the
    # disk is full (site_core/media_storage.py).
    "default": {"BACKEND": "site_core.media_storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Documents always go through Django (/documents/<id>/<name>), which checks
# their collection's privacy on every download and sends Wagtail's strict
# headers. Wagtail's default for a bucket, "redirect", would hand out the
# bucket's address instead: a link that works for anybody it is passed on to.
# Our documents are small (PDF, office files) and nginx buffers the response,
# so streaming them through gunicorn costs little.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Media in S3-compatible object storage (django-storages): AWS, or any other
# provider (Hetzner, IONOS, MinIO …) with AWS_S3_ENDPOINT_URL. The access keys
# come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, which django-storages
# reads from the environment itself. The bucket's policy decides who may read
# what (README, "Media in object storage"): images public, documents private.
if AWS_STORAGE_BUCKET_NAME := os.environ.get("AWS_STORAGE_BUCKET_NAME", ""):
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "").rstrip("/")
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "")
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip("/")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME or None,
            # Images are addressed here (a CDN or the bucket's own host name)
            # instead of the storage's API address.
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # Other providers: https://endpoint/bucket/…, which every one of
            # them understands; AWS: https://bucket.s3.region.amazonaws.com/….
            "addressing_style": "path" if AWS_S3_ENDPOINT_URL else "virtual",
            # No ACL per object: the bucket's policy applies to every file.
            "default_acl": None,
            # Image addresses without a signature: a signed one expires, but
            # pages stay in the page cache and in browsers' caches.
            "querystring_auth": False,
            # An upload whose name exists gets a new name, never another
            # image's file (the server's disk behaves the same).
            "file_overwrite": False,
            # Browsers keep images a month, as nginx tells them for /media/.
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }
    # Pages and the admin show images from there.
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_SOURCE = f"https://{AWS_S3_CUSTOM_DOMAIN}/"
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_SOURCE = f"{AWS_S3_ENDPOINT_URL}/{AWS_STORAGE_BUCKET_NAME}/"
    elif AWS_S3_REGION_NAME in ("", "us-east-1"):
        MEDIA_SOURCE = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    else:
        MEDIA_SOURCE = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
    CONTENT_SECURITY_POLICY = with_image_source(CONTENT_SECURITY_POLICY, MEDIA_SOURCE)  # noqa: F405
    CONTENT_SECURITY_POLICY_ADMIN = with_image_source(CONTENT_SECURITY_POLICY_ADMIN, MEDIA_SOURCE)  # noqa: F405

# Without REDIS_URL (base.py; the cache section below) every gunicorn worker
# has Django's own in-memory cache, so the contact forms' rate limit counts per
# worker, and django-ratelimit's checks (which want a shared cache) are
# silenced as in dev.py and test.py. With REDIS_URL they stay on.
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405 - from base
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]

# --- Page cache and frontend cache (site_core/cache.py, README "Caching") ---
# REDIS_URL (base.py) puts both caches in Redis, shared by every gunicorn
# worker. Without it each worker would keep its own page cache, which a
# publish in another worker cannot invalidate: no page cache then.
if REDIS_URL:  # noqa: F405 - from base
    # django-ratelimit counts in Redis: its check for a shared cache (E003)
    # stays on. W001 only says it does not know our backend by name; it is
    # django-redis's own with a circuit breaker (site_core/cache_backends.py).
    SILENCED_SYSTEM_CHECKS = [
        check for check in SILENCED_SYSTEM_CHECKS if check != "django_ratelimit.E003"
    ]
else:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405

# A caching proxy or CDN in front of the site is purged of what a change makes
# stale, as the page cache is: FRONTEND_CACHE_PURGE_URL for Varnish or nginx
# (a PURGE request per URL to that address), CLOUDFLARE_ZONE_ID with
# CLOUDFLARE_API_TOKEN (permission "Zone: Cache Purge") for Cloudflare.
WAGTAILFRONTENDCACHE = {}
if frontend_cache_purge_url := os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": frontend_cache_purge_url,
    }
if cloudflare_zone_id := os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": cloudflare_zone_id,
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
    }
# site_core.cache purges each translation under its own URL: Wagtail must not
# copy every URL into every language prefix (our slugs differ by language).
WAGTAILFRONTENDCACHE_LANGUAGES = []
# --- end of page cache and frontend cache ---
