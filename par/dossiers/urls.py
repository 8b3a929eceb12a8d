from django.urls import path

from par.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("queue/", views.queue, name="queue"),
    path("board/", views.board, name="board"),
    path("new/", views.intake, name="intake"),
    path("online/", views.online, name="online"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/slips/<slug:kind>.<slug:fmt>", views.slip, name="slip"),
]
