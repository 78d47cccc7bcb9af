"""Settings shared by every environment.

Production-safe by default: DEBUG is off and there is no secret key here.
``dev`` and ``test`` relax this for local work; ``production`` reads its
values from the environment.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from wagtail.embeds.oembed_providers import vimeo, youtube

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "site_core",
    "home",
    "events",
    "events.recurrence_i18n",
    "projects",
    "alerts",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail_honeypot",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    # Purges a CDN or caching proxy on publish (site_core/cache.py, production.py).
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "recurrence",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ (hashed, compressed) before the rest of the stack runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous page views from the page cache: before the session middleware,
    # so that a hit needs no database query (site_core/cache.py), and before
    # the security headers' middleware, so that a hit carries the headers
    # stored with it rather than building them again (issue 19: a hit should
    # cost little more than WhiteNoise's static file above).
    "site_core.cache.PageCacheMiddleware",
    "site_core.middleware.ContentSecurityPolicyMiddleware",
    "site_core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login that django-axes refused into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes counts failed logins before Django's own backend checks the
# password; it needs the request, which Wagtail's and Django's login views
# pass to authenticate(). AxesBackend rather than AxesStandaloneBackend: code
# that logs a user in without authenticate() (Django's force_login, Wagtail's
# test utilities) records the first backend, which must also load users.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "site_core.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site_core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "site_core.wsgi.application"

# SQLite is the embedded default so a new user needs nothing else;
# DATABASE_URL=postgres://… selects PostgreSQL (production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: "default" for counters (django-ratelimit), "pages" for the page
# cache (site_core/cache.py). In the process's memory unless REDIS_URL names a
# Redis server (redis://host:6379/0; CACHE_URL is read as another name for it),
# which production needs: every gunicorn worker must see the same counters and
# the same invalidations.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
# The shape of what the page cache stores: raised when it changes, so that a
# deploy never serves entries stored by the code before it (Django's cache
# VERSION is part of every key). 2: responses carry their security headers
# (the page cache runs before the middleware that adds them).
PAGE_CACHE_FORMAT = 2
if REDIS_URL:
    CACHES = {
        alias: {
            # A stopped, hung or full Redis makes pages misses, not errors
            # or waits: every page reads "default" (Wagtail's site root
            # paths), see site_core/cache_backends.py.
            "BACKEND": "site_core.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": alias,
            "VERSION": PAGE_CACHE_FORMAT if alias == "pages" else 1,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.25")),
                "RETRY_AFTER": float(os.environ.get("REDIS_RETRY_AFTER", "5")),
            },
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# Longest life of a cached page in seconds (entries end at local midnight
# anyway); 0 switches the page cache off.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. German is the source language, Russian is translated.
# LANGUAGE_CODE must be "de" before the first migration: Wagtail creates its
# default Locale from it.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("ru", "Русский"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in the admin as German editors write them. Wagtail's date picker
# shows and reads WAGTAIL_DATE_FORMAT; Django reads the locale's
# DATE_INPUT_FORMATS (German: 15.01.2027, 15.1.2027, 15.1.27 and ISO
# 2027-01-15), which must include it (check wagtailadmin.E003). The picker
# must not replace what it cannot read: site_core.widgets.AdminDateInput.
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
FORMAT_MODULE_PATH = ["site_core.formats"]
# The community's time zone: every page, feed and event date is in it.
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Translations are published by translators; publishing a German page must
# never publish its Russian translation behind their back.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Machine translation in the translation editor: off unless the environment
# chooses a service. Text then leaves the server, so the Datenschutz page
# must name the service before this is switched on.
MACHINE_TRANSLATORS = {
    "deepl": lambda: {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_AUTH_KEY"], "FORMALITY": "prefer_more"},
    },
    "libretranslate": lambda: {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": os.environ["LIBRETRANSLATE_URL"],
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
        },
    },
}
if machine_translator := os.environ.get("MACHINE_TRANSLATOR", "").lower():
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = MACHINE_TRANSLATORS[machine_translator]()

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "Integrationsagenturen"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("ru", "Русский"), ("en", "English")]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Pixels an uploaded image may have (all frames of an animation together).
# Wagtail allows 128 million: an 11000 × 11000 PNG of a few kilobytes then
# needs about 1 GB to make a thumbnail, in each of the five gunicorn workers
# of a 2-core server at once. 40 million (4 bytes each, 160 MB decoded) keeps
# every camera photo (24 megapixels: 6000 × 4000) and scans up to 7000 × 5700.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# An upload that cannot be stored (disk full) is a German form error, not a 500.
WAGTAILIMAGES_IMAGE_FORM_BASE = "site_core.image_forms.ImageForm"
# Wagtail's database search; on PostgreSQL German pages are indexed and
# searched with the "german" text-search configuration and Russian pages with
# "russian" (stemming: "Veranstaltung" finds "Veranstaltungen"). Objects
# without a language (images, documents) use SEARCH_CONFIG: their titles are
# the German editors'. After changing these, run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "site_core.search_backend",
        "SEARCH_CONFIG": "german",
        "LANGUAGE_CONFIGS": {"de": "german", "ru": "russian"},
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods"]

# Videos come from these two providers only: their privacy-friendlier players
# (youtube-nocookie.com, Vimeo with dnt=1) are the only frames the
# Content-Security-Policy allows, and only after the visitor's click.
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [youtube, vimeo],
    }
]

# Privacy by default: no calls home from the admin, no avatars from Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Contact forms (home.ContactFormPage). Every form has a honeypot field and
# does not send a message sent sooner than HONEYPOT_TIME_INTERVAL (3 s) after
# the form was shown: the visitor sees the form again, with what was typed, to
# send it once more; editors cannot switch this off. A filled-in honeypot field
# (a bot) is thanked and dropped.
HONEYPOT_ENABLED_DEFAULT = True
HONEYPOT_NAME_FIELD = "whf_name"
HONEYPOT_TIME_FIELD = "whf_time"
HONEYPOT_TIME_INTERVAL = 3
# Sent submissions per visitor's IP address (django-ratelimit), over all
# contact forms; a form with input errors does not count.
CONTACT_FORM_RATE = "5/h"
# A cache that cannot count (Redis down) lets messages through rather than
# turning every visitor away: a visitor's message is never lost to it.
RATELIMIT_FAIL_OPEN = True
# django-ratelimit reads the IP from REMOTE_ADDR. Behind a reverse proxy that
# is the proxy's address: set RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
# only if the proxy overwrites that header with the client's address (nginx:
# proxy_set_header X-Forwarded-For $remote_addr), or a visitor could choose it.
# django-ratelimit counts in the "default" cache; its system checks refuse the
# per-process LocMemCache that development and the tests use (silenced in
# dev.py and test.py only): production needs a shared cache such as Redis.

# Password guessing (README, "Anmeldesperren"). Admin logins: django-axes
# locks out a user name from one client address after AXES_FAILURE_LIMIT wrong
# passwords for AXES_COOLOFF_TIME. By the pair, not the address alone, so
# that one person's typos do not lock out colleagues behind the same proxy or
# office router; the address is the one django-ratelimit counts
# (RATELIMIT_IP_META_KEY), see site_core/login_lockout.py.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "site_core.login_lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "site_core.login_lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Failed attempts only: no record of every successful login with address and
# browser (privacy by default). The Django admin, where axes shows its
# records, is not served; superusers see them in Wagtail's settings menu.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# "Passwort vergessen?" (site_core/password_reset.py): requests per e-mail
# address and per client address.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "site_core.password_reset.PasswordResetForm"
PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
PASSWORD_RESET_RATE_PER_IP = "10/h"
# Wrong passwords of a password-protected page per client address and
# restriction (site_core/page_passwords.py).
PAGE_PASSWORD_RATE = "5/15m"

# Security headers, the same in every environment so that development and the
# tests see what production sends (production adds HSTS, the HTTPS redirect and
# upgrade-insecure-requests). Nosniff and the Cross-Origin-Opener-Policy are
# Django's defaults, set here so that the list is complete.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Other sites learn only our origin, never the page a visitor came from.
# "same-origin" would send nothing at all, but YouTube's player refuses to
# play (error 153) without a referrer.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's preview and wagtail-localize's translation preview show our own
# pages in an iframe of the admin; no other site may frame us (see also
# frame-ancestors below, which browsers prefer to this header).
X_FRAME_OPTIONS = "SAMEORIGIN"
# check --deploy warns about anything but DENY (security.W019); the two
# previews above need SAMEORIGIN.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Browser features no page of ours uses, switched off for our pages and any
# frame in them (site_core.middleware.PermissionsPolicyMiddleware).
# interest-cohort (FLoC) and browsing-topics (its successor) keep visitors out
# of Google's interest advertising. Only features Chromium knows: it logs an
# error for any other. Left alone: what the video players' iframes ask for
# (autoplay, fullscreen, picture-in-picture, encrypted-media, accelerometer,
# gyroscope, clipboard-write, web-share).
PERMISSIONS_POLICY = {
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "hid": [],
    "idle-detection": [],
    "interest-cohort": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
}

# Content-Security-Policy (django-csp 4, site_core.middleware.
# ContentSecurityPolicyMiddleware): public pages load scripts, styles, fonts
# and images only from our own origin; no inline script, no inline style, no
# eval. JSON-LD (<script type="application/ld+json">) is data, not script, and
# needs no exception.
#
# Embeds load only after the visitor clicks (two-click consent block): the
# providers' iframes are the only frames public pages may show.
CSP_EMBED_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for small inline SVG and placeholder images in CSS.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": CSP_EMBED_FRAME_SOURCES or [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# The Wagtail admin (login, editors, the previews it frames) gets its own
# policy, found with Chromium (tests/browser/test_csp.py): the public one plus
# only these exceptions. Wagtail has no nonces for its inline code, and the
# admin is for logged-in editors only.
CONTENT_SECURITY_POLICY_ADMIN = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        # Inline <script>: Wagtail's date and time pickers and inline panels
        # (also in HTML that jQuery inserts and runs), and wagtail-localize's
        # translation editor.
        "script-src": [SELF, UNSAFE_INLINE],
        # ... but no onclick="…" attributes: neither Wagtail nor our code uses them.
        "script-src-attr": [NONE],
        # wagtail-localize's translation editor adds <style> elements at run time
        # (styled-components).
        "style-src": [SELF, UNSAFE_INLINE],
        # Images being uploaded are previewed from blob: URLs.
        "img-src": [SELF, "data:", "blob:"],
        # The preview panel shows the page being edited in an iframe.
        "frame-src": [SELF],
    },
}

# Errors of the site's own code (a sync that failed, a cache that could not
# be invalidated) reach ADMINS by mail as Django's request errors do, and the
# console; the mail handler gives up quietly if the mail server is down.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        app: {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False}
        for app in ("site_core", "events", "projects", "alerts", "home")
    },
}

# Background tasks (django-tasks). Wagtail's own (search index, references,
# renditions) keep running at once in the request, as Wagtail's default
# does. Mail goes through the "mail" backend: a queue in the database,
# worked by `manage.py db_worker --backend mail` (started by `make run`;
# in production a service beside gunicorn, deploy/), so no publish waits
# for a mail server and no mail is lost while one is down (alerts/outbox.py).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
