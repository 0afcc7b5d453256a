from django.urls import path

from stepcare.appointments import views

app_name = "appointments"
urlpatterns = [
    path("waiting-list/", views.waiting_list, name="waiting_list"),
]
