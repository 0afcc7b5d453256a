from django.urls import path

from stepcare.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<int:client_pk>/", views.client_detail, name="detail"),
]
