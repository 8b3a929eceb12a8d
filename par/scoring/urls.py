from par.scoring import views, views_applicability

app_name = "scoring"
urlpatterns = views.urlpatterns + views_applicability.urlpatterns
