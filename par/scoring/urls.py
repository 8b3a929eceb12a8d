from par.scoring import publication_views, views

app_name = "scoring"
urlpatterns = publication_views.urlpatterns + views.urlpatterns
