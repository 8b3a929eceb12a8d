from django.urls import path

from par.portal import views, views_public

app_name = "portal"
urlpatterns = [
    path("", views.lookup_page, name="lookup"),
    path("rate/", views.rate, name="rate"),
    path("bo-sung/", views.supplement, name="supplement"),
    path("on-time/", views.board, name="board"),
]

# The public portal at /cong-khai/ (par/urls.py mounts it; decision 0167).
transparency_urlpatterns = (
    [
        path("", views_public.hub, name="hub"),
        path("dung-han/<int:pk>/", views_public.unit_on_time, name="unit"),
        path("chi-so-cai-cach/", views_public.index_results, name="index"),
        path("tra-loi-kien-nghi/", views_public.answers, name="answers"),
        path("ke-hoach/", views_public.plan_progress, name="plans"),
        path("hai-long/", views_public.satisfaction, name="satisfaction"),
        path("ban-do/", views_public.commune_map, name="map"),
    ],
    "transparency",
)
