"""The composition root's models, one module per job (as wagtail.org's
core/models/): the portal's pages, and the contact forms."""

from .contact import ContactFormPage, FormField
from .pages import AgencyContactPerson, AgencyPage, FocusAreaPage, HomePage

__all__ = [
    "AgencyContactPerson",
    "AgencyPage",
    "ContactFormPage",
    "FocusAreaPage",
    "FormField",
    "HomePage",
]
