from django.urls import path

from par.petitions import views

app_name = "petitions"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("submit/", views.submit, name="submit"),
    path("follow/", views.follow, name="follow"),
    path("follow/reopen/", views.reopen, name="reopen"),
    path("answers/", views.answers, name="answers"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/route/", views.route, name="route"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/attachment/", views.attachment, name="attachment"),
]
