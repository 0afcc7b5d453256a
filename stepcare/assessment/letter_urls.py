from django.urls import path

from stepcare.assessment import letter_views

app_name = "letters"
urlpatterns = [
    path("letters/new/<int:referral_pk>/", letter_views.letters_new, name="new"),
    path("letters/<int:letter_pk>/pdf", letter_views.letter_pdf, name="pdf"),
]
