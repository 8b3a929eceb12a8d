from django.urls import path

from par.apitokens import views

app_name = "apitokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.issue, name="issue"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
