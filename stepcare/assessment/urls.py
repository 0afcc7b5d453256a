from django.urls import path

from stepcare.assessment import views

app_name = "assessment"
urlpatterns = [
    path("referrals/<int:referral_pk>/assessment/", views.assessment_edit, name="edit"),
    path("referrals/<int:referral_pk>/proposal/", views.proposal_new, name="propose"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("decisions/<int:decision_pk>/", views.decision_detail, name="decision"),
]
