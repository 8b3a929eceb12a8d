from par.scoring import publication_views, views, views_applicability, views_years

app_name = "scoring"
urlpatterns = (
    views_years.urlpatterns
    + publication_views.urlpatterns
    + views.urlpatterns
    + views_applicability.urlpatterns
)
