"""Report templates and periods are edited as data in the admin, each change through an audited action."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from par.audit.models import AuditEvent
from par.reporting.models import ReportTemplate, TemplateSection
from par.reporting.setup_actions import do_save_template_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(db):
    call_command("reporting_defaults", year=[2026], stdout=StringIO())
    return ReportTemplate.objects.order_by("-year").first()


def test_an_administrator_renames_a_template_section_and_the_change_is_audited(client_for, people, template):
    section = template.sections.order_by("order").first()
    client = client_for(people.admin)
    url = reverse("admin:reporting_reporttemplate_change", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["is_active"] = "on" if template.is_active else ""
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for i, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None and value is not False:
                    data[f"{formset.formset.prefix}-{i}-{name}"] = value
    key = next(k for k, v in data.items() if k.endswith("-id") and str(v) == str(section.pk))
    data[key.replace("-id", "-title")] = "Công tác chỉ đạo, điều hành (sửa đổi)"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    section.refresh_from_db()
    assert section.title == "Công tác chỉ đạo, điều hành (sửa đổi)"
    event = AuditEvent.objects.get(action="reporting.save_templatesection", object_id=str(section.pk))
    assert event.after["title"] == section.title and event.before["title"] != section.title


def test_staff_without_the_par_officer_role_may_not_edit_templates(people, template):
    section = TemplateSection.objects.filter(template=template).first()
    people.justice_head.is_staff = True
    section.title = "Không được đổi"
    with pytest.raises(PermissionDenied):
        do_save_template_part(section, actor=people.justice_head)
    assert not AuditEvent.objects.filter(action="reporting.save_templatesection").exists()
