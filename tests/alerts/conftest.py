"""The alert tests' usual cast: the site with its weekly event in German and
Russian and the real roles (``site``; modules that need another site define
their own), and the Redaktion and Moderation at work on that event."""

import pytest

from .people import Editorial, site_with_weekly_event


@pytest.fixture
def site():
    return site_with_weekly_event()


@pytest.fixture
def editorial(site):
    return Editorial(site.event)
