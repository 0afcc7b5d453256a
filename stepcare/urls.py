"""The whole site's URLs (the roof: it may include every floor)."""

from django.urls import include, path
from django.views.i18n import set_language

from stepcare.accounts import views as accounts_views
from stepcare.foundation import views as foundation_views

urlpatterns = [
    path("healthz", foundation_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Before allauth's own: staff cannot add or change their sign-in e-mail addresses.
    path("accounts/email/", accounts_views.email_change_refused, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("stepcare.staff.urls")),
    path("", include("stepcare.clients.urls")),
    path("", include("stepcare.appointments.urls")),
    path("", include("stepcare.assessment.urls")),
    path("staff/", include("stepcare.accounts.urls")),
    path("service/settings/", accounts_views.service_settings, name="service_settings"),
    path("risk/", include("stepcare.risk.urls")),
    path("", include("stepcare.assessment.letter_urls")),
    path("measures/", include("stepcare.measures.urls")),
]
