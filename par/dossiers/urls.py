from django.urls import path

from par.dossiers import views, worklists

app_name = "dossiers"
urlpatterns = [
    path("", worklists.desk, name="desk"),
    path("queue/", worklists.queue, name="queue"),
    path("board/", worklists.board, name="board"),
    path("search/", worklists.search, name="search"),
    path("new/", views.intake, name="intake"),
    path("online/", views.online, name="online"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/slips/<slug:kind>.<slug:fmt>", views.slip, name="slip"),
]
