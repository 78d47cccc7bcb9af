"""Values that must stay on one line: page titles and the addresses and
subject of an e-mail. A line break in an e-mail header is how a header is
injected, and Django refuses to send such a mail (BadHeaderError).

``validate_one_line`` refuses such a value where an editor types it;
``one_line`` makes a stored value safe where it is used (a value saved
before the validator existed, or by the shell or an import).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ONE_LINE_MESSAGE = _(
    "Bitte schreiben Sie alles in eine Zeile: Zeilenumbrüche und Steuerzeichen sind hier "
    "nicht erlaubt."
)


def is_control(char):
    """Line breaks, tabs, NUL, escape and the like (Unicode's "Cc"); not
    the soft hyphen or other formatting marks editors may use on purpose."""
    return unicodedata.category(char) == "Cc"


def validate_one_line(value):
    if any(is_control(char) for char in str(value)):
        raise ValidationError(ONE_LINE_MESSAGE, code="one_line")


def one_line(value):
    """``value`` with control characters (line breaks too) as spaces and
    each run of spaces as one."""
    text = "".join(" " if is_control(char) else char for char in str(value))
    return " ".join(text.split())
