from django.urls import path

from par.dossiers import views, views_online, worklists

app_name = "dossiers"
urlpatterns = [
    path("", worklists.desk, name="desk"),
    path("queue/", worklists.queue, name="queue"),
    path("board/", worklists.board, name="board"),
    path("search/", worklists.search, name="search"),
    path("new/", views.intake, name="intake"),
    path("online/", views_online.online, name="online"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("<int:pk>/files/<int:document_pk>/", views_online.document, name="document"),
    path("<int:pk>/slips/<slug:kind>.<slug:fmt>", views.slip, name="slip"),
]
