from django.urls import path

from par.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("new/", views.procedure_create, name="create"),
    path("import/", views.catalog_import, name="import"),
    path("export.xlsx", views.catalog_export, name="export"),
    path("template.xlsx", views.import_template, name="template"),
    path("public/<str:code>/", views.public_detail, name="public_detail"),
    path("<str:code>/", views.procedure_detail, name="detail"),
    path("<str:code>/edit/", views.procedure_edit, name="edit"),
    path("<str:code>/versions/new/", views.version_add, name="version_add"),
    path("<str:code>/versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
]
