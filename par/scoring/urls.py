from par.scoring import views, views_applicability, views_years

app_name = "scoring"
urlpatterns = views_years.urlpatterns + views.urlpatterns + views_applicability.urlpatterns
