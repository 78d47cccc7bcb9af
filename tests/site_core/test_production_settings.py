"""site_core.settings.production, loaded as the server loads it: in a fresh
process whose environment holds only what the test gives it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCTION = "site_core.settings.production"
ENV_EXAMPLE = Path(settings.BASE_DIR) / "deploy" / "env.example"

# What the settings need to load; everything else is left at its default.
MINIMAL = {
    "DJANGO_SETTINGS_MODULE": PRODUCTION,
    "DJANGO_SECRET_KEY": "a-test-key-that-is-long-and-random-enough-0123456789-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "integrationsagenturen.example.org",
    # No database server is needed: nothing here queries one.
    "DATABASE_URL": "sqlite:///:memory:",
}

RESPONSES = """
import json
import django
django.setup()
from django.test import Client

client = Client(HTTP_HOST="integrationsagenturen.example.org")
secure = client.get("/robots.txt", secure=True)
plain = client.get("/robots.txt")
print(json.dumps({
    "secure": dict(secure.headers),
    "plain": {"status": plain.status_code, "location": plain.get("Location")},
}))
"""


def run(args, env, **kwargs):
    return subprocess.run(
        args,
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def manage(*args, env):
    return run([sys.executable, "manage.py", *args], env)


def manage_with_env_example(*args, overrides=""):
    """manage.py with deploy/env.example read by sh, as `make check-deploy` does."""
    script = f'set -a && . "{ENV_EXAMPLE}" && {overrides} set +a && exec "$@"'
    return run(["sh", "-c", script, "sh", sys.executable, "manage.py", *args], env={})


def test_refuses_to_start_without_a_secret_key():
    env = {**MINIMAL}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    for hosts in [None, "", " , "]:
        env = {**MINIMAL}
        del env["DJANGO_ALLOWED_HOSTS"]
        if hosts is not None:
            env["DJANGO_ALLOWED_HOSTS"] = hosts
        result = manage("check", env=env)
        assert result.returncode != 0, hosts
        assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_deployment_checks_pass_with_the_example_environment():
    result = manage_with_env_example("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deployment_checks_catch_a_weak_secret_key():
    """The check above is worth something: a bad value makes it fail."""
    result = manage_with_env_example(
        "check", "--deploy", "--fail-level", "WARNING", overrides="DJANGO_SECRET_KEY=short &&"
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_responses_insist_on_https():
    result = run([sys.executable, "-c", RESPONSES], MINIMAL)
    assert result.returncode == 0, result.stderr
    responses = json.loads(result.stdout.strip().splitlines()[-1])
    assert responses["plain"] == {
        "status": 301,
        "location": "https://integrationsagenturen.example.org/robots.txt",
    }
    headers = responses["secure"]
    assert headers["Strict-Transport-Security"] == ("max-age=63072000; includeSubDomains; preload")
    policy = [directive.strip() for directive in headers["Content-Security-Policy"].split(";")]
    assert "upgrade-insecure-requests" in policy
    assert "script-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "camera=()" in headers["Permissions-Policy"]
