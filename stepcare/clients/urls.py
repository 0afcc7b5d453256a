from django.urls import path

from stepcare.clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("referrals/new/", views.referral_new, name="referral_new"),
]
