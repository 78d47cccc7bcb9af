# The admin may speak English to an editor (WAGTAILADMIN_PERMITTED_LANGUAGES)
# and still shows dates as WAGTAIL_DATE_FORMAT, the German way: they must
# read back, and an editor types them the German way too. Django's English
# formats refuse "15.01.2027". (German and Russian need nothing: Django's
# formats for them read 15.01.2027, 15.1.2027 and 15.1.27, and Django adds
# ISO 8601, 2027-01-15, to every language.)
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 15.01.2027, 15.1.2027
    "%d.%m.%y",  # 15.01.27
    "%Y-%m-%d",  # 2027-01-15
    "%m/%d/%Y",  # 01/15/2027 (Django's English)
    "%m/%d/%y",  # 01/15/27
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # 15.01.2027 10:00 (WAGTAIL_DATETIME_FORMAT)
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%m/%d/%Y %H:%M",
]
