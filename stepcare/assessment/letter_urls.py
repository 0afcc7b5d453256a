from django.urls import path

from stepcare.assessment import letter_views

app_name = "letters"
urlpatterns = [
    path("letters/new/<int:referral_pk>/", letter_views.letters_new, name="new"),
    path("letters/preview/<int:referral_pk>/", letter_views.letter_preview, name="preview"),
    path("letters/<int:letter_pk>/pdf", letter_views.letter_pdf, name="pdf"),
    path("letters/<int:letter_pk>/withdraw/", letter_views.letter_withdraw, name="withdraw"),
]
