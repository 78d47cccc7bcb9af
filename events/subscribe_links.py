"""Links that subscribe a visitor's calendar app to a feed."""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class Subscription:
    """A feed's https URL (``url``, also the download) and what each calendar
    app needs to subscribe to it. Only links: nothing on the page talks to
    Google or Microsoft until the visitor follows one."""

    url: str
    name: str

    @property
    def webcal_url(self):
        # Apple Calendar on iOS and macOS (and Thunderbird, most Android
        # calendar apps): webcal:// opens the subscribe dialogue. Not for
        # Outlook: new Outlook for Windows mangles webcal:// links; it gets
        # outlook_com_url / office365_url.
        return urlunsplit(urlsplit(self.url)._replace(scheme="webcal"))

    @property
    def google_url(self):
        return "https://calendar.google.com/calendar/render?" + urlencode({"cid": self.webcal_url})

    # Outlook on the web's "add from web" dialogue, for Microsoft accounts
    # (outlook.live.com) and work accounts (outlook.office.com): it takes the
    # https feed itself, and the calendar then shows in Outlook for Windows,
    # Mac and phones too.
    @property
    def outlook_com_url(self):
        return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(
            {"url": self.url, "name": self.name}
        )

    @property
    def office365_url(self):
        return "https://outlook.office.com/calendar/0/addfromweb?" + urlencode(
            {"url": self.url, "name": self.name}
        )
