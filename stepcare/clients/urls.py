from django.urls import path

from stepcare.clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.client_list, name="list"),
    path("clients/<int:client_pk>/", views.client_detail, name="detail"),
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("referrals/<int:referral_pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:referral_pk>/allocate/", views.referral_allocate, name="referral_allocate"),
    path("referrals/<int:referral_pk>/book/", views.referral_book, name="referral_book"),
    path("referrals/<int:referral_pk>/contact/", views.referral_contact, name="referral_contact"),
    path("referrals/<int:referral_pk>/close/", views.referral_close, name="referral_close"),
]
