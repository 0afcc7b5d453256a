from django.urls import path

from stepcare.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.alert_list, name="alerts"),
    path("<int:alert_pk>/", views.alert_detail, name="alert"),
]
