"""The visitor's pages of the alerts (filled in next)."""

from django.http import Http404


def signup(request):
    raise Http404


def confirm(request, token):
    raise Http404


def manage(request, token):
    raise Http404


def unsubscribe(request, token):
    raise Http404
