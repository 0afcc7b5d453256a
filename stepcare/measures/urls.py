from django.urls import path

from stepcare.measures import views

app_name = "measures"
urlpatterns = [
    path("", views.catalogue_list, name="catalogue"),
    path("instruments/<str:code>/", views.instrument_detail, name="instrument"),
    path("instruments/<str:code>/questionnaire.json", views.instrument_fhir, name="instrument_fhir"),
    path("clients/<int:client_pk>/", views.client_measures, name="client"),
    path("clients/<int:client_pk>/<str:code>/", views.history, name="history"),
    path("clients/<int:client_pk>/<str:code>/items/", views.item_changes, name="items"),
    path("referrals/<int:referral_pk>/new/", views.choose_instrument, name="choose"),
    path("referrals/<int:referral_pk>/new/<str:code>/", views.administer, name="administer"),
    path("referrals/<int:referral_pk>/new/<str:code>/preview/", views.preview, name="preview"),
    path("responses/<int:response_pk>/", views.response_detail, name="response"),
    path("responses/<int:response_pk>/fhir.json", views.response_fhir, name="response_fhir"),
]
