from django.urls import path

from stepcare.clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("clients/<int:client_pk>/edit/", views.client_edit, name="edit"),
    path("referrals/new/", views.referral_new, name="referral_new"),
]
