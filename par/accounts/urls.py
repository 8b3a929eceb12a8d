from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from par.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.PARLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        views.PARPasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("me/", views.profile, name="profile"),
]

# The unit pages and the audit trail keep their addresses (/units/, /audit/) and names (orgunits:detail,
# audit:list); their views are accounts' because they show what the reader may reach (par/urls.py mounts them).
units_urlpatterns = ([path("<int:pk>/", views.unit_detail, name="detail")], "orgunits")
audit_urlpatterns = ([path("", views.audit_trail, name="list")], "audit")
