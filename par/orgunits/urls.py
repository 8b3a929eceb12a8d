from django.urls import path

from par.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("<int:pk>/", views.unit_detail, name="detail"),
]
