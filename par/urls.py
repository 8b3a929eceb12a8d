"""URL configuration: the UI, the admin, the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from par.accounts import urls as accounts_urls
from par.accounts import views as accounts_views
from par.core import views as core_views
from par.portal import urls as portal_urls

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("par.accounts.urls")),
    path("units/", include(accounts_urls.units_urlpatterns)),
    path("audit/", include(accounts_urls.audit_urlpatterns)),
    path("notices/", include("par.notices.urls")),
    path("calendars/", include("par.calendars.urls")),
    path("plans/", include("par.plans.urls")),
    path("procedures/", include("par.catalog.urls")),
    path("dossiers/", include("par.dossiers.urls")),
    path("petitions/", include("par.petitions.urls")),
    path("tra-cuu/", include("par.portal.urls")),
    path("cong-khai/", include(portal_urls.transparency_urlpatterns)),
    path("inspections/", include("par.inspections.urls")),
    path("reports/", include("par.reporting.urls")),
    path("par-index/", include("par.scoring.urls")),
    path("surveys/", include("par.surveys.urls")),
    path("dashboard/", include("par.dashboards.urls")),
    path("api-tokens/", include("par.apitokens.urls")),
    path("sync/", include("par.sync.urls")),
    # The public dossier lookup: no session, no login, cached (see par.portal).
    path("api/v1/public/", include("par.portal.api.urls")),
    path("api/v1/", include("par.api.urls")),
    path("admin/", admin.site.urls),
]
# Uploaded files (evidence, imports) are never served from MEDIA_URL: every download goes through a view that
# checks the reader's access first.

# Error pages in the user's language; JSON under /api/ (par.core.errors).
handler400 = "par.core.errors.bad_request"
handler403 = "par.core.errors.permission_denied"
handler404 = "par.core.errors.page_not_found"
handler500 = "par.core.errors.server_error"
