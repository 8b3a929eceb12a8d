"""The API documentation page (/api/v1/docs/): Swagger UI from this site's static files, like the schema it
draws readable without signing in (it holds no data); the footer links to it for signed-in users only."""

import re

import pytest


@pytest.mark.django_db
def test_docs_page_loads_swagger_ui_from_this_site_only(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()


@pytest.mark.django_db
def test_footer_links_to_the_api_docs_for_signed_in_users_only(client, client_for, people):
    assert "/api/v1/docs/" not in client.get("/accounts/login/").content.decode()
    page = client_for(people.ward_clerk).get("/", follow=True)
    assert page.status_code == 200 and 'href="/api/v1/docs/"' in page.content.decode()


@pytest.mark.django_db
def test_schema_documents_the_conflict_answer_and_the_required_version_on_patch(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    patch = schema["paths"]["/api/v1/plans/{id}/"]["patch"]
    assert set(patch["responses"]) >= {"200", "400", "401", "403", "404", "409"}
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "version" in schema["components"]["schemas"][body]["required"]
    assert schema["components"]["schemas"]["Conflict"]["properties"]["code"]["pattern"] == "^conflict$"
    assert "/api/v1/public/dossiers/{code}" in schema["paths"]
