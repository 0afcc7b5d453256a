from django.urls import path

from stepcare.staff import audit_views, record_views, views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("clients/<int:client_pk>/", record_views.client_detail, name="client"),
    path("referrals/<int:referral_pk>/", record_views.referral_detail, name="referral"),
    path("referrals/<int:referral_pk>/allocate/", record_views.referral_allocate, name="referral_allocate"),
    path("referrals/<int:referral_pk>/book/", record_views.referral_book, name="referral_book"),
    path("referrals/<int:referral_pk>/contact/", record_views.referral_contact, name="referral_contact"),
    path("referrals/<int:referral_pk>/close/", record_views.referral_close, name="referral_close"),
    path("audit/", audit_views.audit_trail, name="audit_trail"),
]
