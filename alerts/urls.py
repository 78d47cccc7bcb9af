"""The visitor's side of the alerts, mounted under the language prefix
(/de/benachrichtigungen/…, /ru/uvedomleniya/…) by the root URLconf."""

from django.urls import path

from . import views

urlpatterns = [
    path("anmelden/", views.signup, name="alerts_signup"),
    path("bestaetigen/<str:token>/", views.confirm, name="alerts_confirm"),
    path("verwalten/<str:token>/", views.manage, name="alerts_manage"),
    path("abmelden/<str:token>/", views.unsubscribe, name="alerts_unsubscribe"),
]
