"""Security headers Django has no setting for, and the Wagtail admin's own CSP.

The policies themselves live in the settings (``base.py``), so development,
tests and production send the same headers.
"""

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` built from ``settings.PERMISSIONS_POLICY``.

    ``{"camera": [], "fullscreen": ["self"]}`` becomes
    ``camera=(), fullscreen=(self)``: an empty list switches a browser feature
    off for the page and every frame in it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending ``CONTENT_SECURITY_POLICY_ADMIN`` instead
    of the public policy under the admin's URL prefixes.

    Views decorated with django-csp's ``csp_override``/``csp_replace`` keep
    their own policy, and responses that already carry one (Wagtail's image and
    document views send ``default-src 'none'``) are left alone.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = settings.CONTENT_SECURITY_POLICY_ADMIN
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin["URL_PREFIXES"]))
        ):
            parts.config = admin["DIRECTIVES"]
        return parts
