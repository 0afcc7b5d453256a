from django.urls import include, path
from django.views.i18n import set_language

from stepcare.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("stepcare.clients.urls")),
    path("", include("stepcare.assessment.urls")),
    path("audit/", include("stepcare.audit.urls")),
    path("staff/", include("stepcare.accounts.urls")),
    path("risk/", include("stepcare.risk.urls")),
    path("", include("stepcare.assessment.letter_urls")),
    path("measures/", include("stepcare.measures.urls")),
]
