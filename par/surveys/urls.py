"""Survey URLs (mounted at /surveys/): the council's pages, the public answer page and the kiosks."""

from django.urls import path

from par.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="detail"),
    path("questionnaires/<int:pk>/results/", views.results, name="results"),
    path("questionnaires/<int:pk>/export.xlsx", views.export, name="export"),
    path("questionnaires/<int:pk>/flagged/", views.flagged_responses, name="flagged"),
    path("questionnaires/<int:pk>/<str:step>/", views.builder, name="builder"),
    path("links/<int:pk>/", views.link_detail, name="link"),
    path("links/<int:pk>/tokens/", views.issue_tokens, name="issue_tokens"),
    path("links/<int:pk>/qr/<str:token>.svg", views.qr_code, name="qr"),
    path("r/<str:token>/", views.respond, name="respond"),
    path("kiosk/<str:slug>/", views.kiosk, name="kiosk"),
    path("kiosks/", views.kiosk_sessions, name="kiosk_sessions"),
    path("kiosks/open/", views.open_kiosk_session, name="open_kiosk_session"),
    path("kiosks/<int:pk>/revoke/", views.revoke_kiosk_session, name="revoke_kiosk_session"),
]
