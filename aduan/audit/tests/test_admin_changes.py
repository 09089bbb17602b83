"""What an administrator changes in the admin is in the tamper-evident audit chain: who, what
before and after, from which (client) address; personal data only as fingerprints."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.forms import MultiWidget
from django.test import Client

from aduan.accounts.models import Membership, Role, User
from aduan.agencies.models import Agency, Category, DeadlineRule, Holiday, RoutingRule, Step
from aduan.audit.audited_admin import AuditedAdmin
from aduan.audit.models import AuditEntry
from aduan.notifications.models import Outbox
from aduan.reports.models import DEFAULT_PREDICATES, ScoreFormula
from aduan.testing import City, staff_login

PROXY = "10.0.0.5"
CLIENT = "203.0.113.9"


@pytest.fixture
def admin_client(settings: Any, client: Client, city: City) -> Client:
    settings.ADUAN_TRUSTED_PROXY_COUNT = 1
    city.administrator.is_superuser = True
    city.administrator.save()
    staff_login(client, city.administrator)
    client.defaults.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    return client


def _form_data(client: Client, url: str) -> dict[str, Any]:
    """What the admin's form at url would post if saved unchanged (inline rows included)."""
    response = client.get(url)
    assert response.status_code == 200, url
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, Any] = {}
    for form in forms:
        for field in form:
            value = field.value()
            if field.field.disabled or value is None:
                continue
            if isinstance(field.field.widget, MultiWidget):
                for i, part in enumerate(field.field.widget.decompress(value) or []):
                    data[f"{field.html_name}_{i}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)
    return data


def _whole_seconds(user: User) -> None:
    """The admin's date and time fields hold whole seconds: a test account made with
    microseconds would otherwise change on its first save in the admin."""
    User.objects.filter(pk=user.pk).update(date_joined=user.date_joined.replace(microsecond=0))


def _save(client: Client, url: str, **changes: Any) -> None:
    data = _form_data(client, url)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        form.errors for form in [response.context["adminform"].form]
    ]


def _entry(action: str, model: type[Any]) -> AuditEntry:
    return AuditEntry.objects.select_related("address").get(
        action=action, object_type=model._meta.label_lower
    )


def test_granting_a_role_is_audited_with_who_what_and_the_clients_address(
    admin_client: Client, city: City
) -> None:
    data = _form_data(admin_client, "/admin/accounts/membership/add/")
    data.update(user=city.outsider.pk, agency=city.agency_b.pk, role=Role.OFFICER)
    assert admin_client.post("/admin/accounts/membership/add/", data).status_code == 302

    granted = Membership.objects.get(user=city.outsider)
    entry = _entry("admin.add", Membership)
    assert entry.actor == city.administrator
    assert entry.object_id == str(granted.pk)
    assert entry.after["user_id"] == city.outsider.pk
    assert entry.after["agency_id"] == city.agency_b.pk
    assert entry.after["role"] == "officer" and entry.after["can_view_identity"] is False
    assert entry.before == {}
    assert entry.ip == CLIENT


def test_granting_the_identity_permission_records_before_and_after(
    admin_client: Client, city: City
) -> None:
    membership = Membership.objects.get(user=city.officer_a)
    url = f"/admin/accounts/membership/{membership.pk}/change/"
    _save(admin_client, url, can_view_identity=True)

    entry = _entry("admin.change", Membership)
    assert entry.before == {"can_view_identity": False}
    assert entry.after == {"can_view_identity": True}
    assert entry.ip == CLIENT


def test_roles_and_superuser_given_on_a_users_page_are_audited_row_by_row(
    admin_client: Client, city: City
) -> None:
    _whole_seconds(city.outsider)
    url = f"/admin/accounts/user/{city.outsider.pk}/change/"
    _save(
        admin_client,
        url,
        is_superuser=True,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-agency": str(city.desk.pk),
            "memberships-0-role": Role.VERIFIER,
            "memberships-0-can_view_identity": True,
        },
    )

    user_entry = _entry("admin.change", User)
    assert user_entry.object_id == str(city.outsider.pk)
    assert user_entry.before == {"is_superuser": False}
    assert user_entry.after == {"is_superuser": True}
    role_entry = _entry("admin.add", Membership)
    assert role_entry.after["role"] == "verifier" and role_entry.after["can_view_identity"]
    assert role_entry.after["user_id"] == city.outsider.pk


def test_a_persons_email_and_password_enter_the_chain_only_as_fingerprints(
    admin_client: Client, city: City
) -> None:
    _whole_seconds(city.officer_b)
    url = f"/admin/accounts/user/{city.officer_b.pk}/change/"
    _save(admin_client, url, email="petugas.baru@example.test", display_name="Nama Baru Sekali")
    admin_client.post(
        f"/admin/accounts/user/{city.officer_b.pk}/password/",
        {"password1": "sandi-baru-yang-panjang-99", "password2": "sandi-baru-yang-panjang-99"},
    )

    entries = list(AuditEntry.objects.filter(object_type="accounts.user", action="admin.change"))
    assert [sorted(e.after) for e in entries] == [["display_name", "email"]]
    text = json.dumps([[e.before, e.after] for e in entries])
    for secret in ("petugas.baru@example.test", "petugas_b@example.test", "Nama Baru Sekali"):
        assert secret not in text
    assert entries[0].after["email"].startswith("hmac:")
    assert entries[0].before["email"] != entries[0].after["email"]


def test_editing_a_routing_rule_records_the_agency_before_and_after(
    admin_client: Client, city: City
) -> None:
    rule = RoutingRule.objects.get(category=city.road)
    _save(admin_client, f"/admin/agencies/routingrule/{rule.pk}/change/", agency=city.agency_b.pk)

    entry = _entry("admin.change", RoutingRule)
    assert entry.object_id == str(rule.pk)
    assert entry.before == {"agency_id": city.agency_a.pk}
    assert entry.after == {"agency_id": city.agency_b.pk}


def test_editing_a_deadline_records_the_old_and_new_limit(admin_client: Client) -> None:
    rule = DeadlineRule.objects.filter(
        step=Step.COMPLETION, category__isnull=True, complexity=""
    ).first()
    assert rule is not None
    old = rule.amount
    _save(admin_client, f"/admin/agencies/deadlinerule/{rule.pk}/change/", amount=str(old + 3))

    entry = _entry("admin.change", DeadlineRule)
    assert (entry.before, entry.after) == ({"amount": old}, {"amount": old + 3})


def test_adding_and_deleting_a_holiday_are_both_audited(admin_client: Client) -> None:
    data = _form_data(admin_client, "/admin/agencies/holiday/add/")
    data.update(date="2026-12-24", name="Cuti bersama Natal", kind="add")
    assert admin_client.post("/admin/agencies/holiday/add/", data).status_code == 302
    holiday = Holiday.objects.get(date="2026-12-24")
    response = admin_client.post(f"/admin/agencies/holiday/{holiday.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    added = _entry("admin.add", Holiday)
    deleted = _entry("admin.delete", Holiday)
    assert added.after["date"] == "2026-12-24" and added.after["name"] == "Cuti bersama Natal"
    assert deleted.object_id == str(holiday.pk)
    assert deleted.before["date"] == "2026-12-24" and deleted.after == {}


def test_a_category_changed_in_the_list_is_audited(admin_client: Client, city: City) -> None:
    categories = list(Category.objects.order_by("sort_order", "name"))
    data: dict[str, Any] = {
        "form-TOTAL_FORMS": str(len(categories)),
        "form-INITIAL_FORMS": str(len(categories)),
        "_save": "Simpan",
    }
    for i, category in enumerate(categories):
        data[f"form-{i}-id"] = str(category.pk)
        data[f"form-{i}-sort_order"] = str(category.sort_order)
        if category.is_active and category != city.rubbish:
            data[f"form-{i}-is_active"] = "on"
    response = admin_client.post("/admin/agencies/category/", data)
    assert response.status_code == 302

    entry = _entry("admin.change", Category)
    assert entry.object_id == str(city.rubbish.pk)
    assert (entry.before, entry.after) == ({"is_active": True}, {"is_active": False})


def test_an_agency_and_its_units_edited_on_one_page_are_audited(
    admin_client: Client, city: City
) -> None:
    url = f"/admin/agencies/agency/{city.agency_a.pk}/change/"
    data = _form_data(admin_client, url)
    unit_row = next(k for k, v in data.items() if k.endswith("-id") and v == str(city.unit_a.pk))
    data[unit_row.replace("-id", "-name")] = "Bidang Bina Marga dan Jembatan"
    del data["review_required"]  # an unticked box is not posted
    assert admin_client.post(url, data).status_code == 302

    entries = {e.object_id: e for e in AuditEntry.objects.filter(action="admin.change")}
    assert entries[str(city.agency_a.pk)].after == {"review_required": False}
    assert entries[str(city.unit_a.pk)].after == {"name": "Bidang Bina Marga dan Jembatan"}


def test_changing_the_score_formula_is_audited(admin_client: Client) -> None:
    formula = ScoreFormula.objects.create(name="Rumus 2026")
    for name, lowest in DEFAULT_PREDICATES:
        formula.predicates.create(name=name, lowest_score=lowest)
    _save(
        admin_client,
        f"/admin/reports/scoreformula/{formula.pk}/change/",
        weight_on_time="60",
        weight_completion="20",
    )

    entry = _entry("admin.change", ScoreFormula)
    assert entry.before == {"weight_on_time": 50, "weight_completion": 30}
    assert entry.after == {"weight_on_time": 60, "weight_completion": 20}


def test_deleting_several_rows_at_once_writes_an_entry_for_each(
    admin_client: Client, city: City
) -> None:
    rules = list(RoutingRule.objects.filter(agency=city.agency_b).order_by("pk"))
    response = admin_client.post(
        "/admin/agencies/routingrule/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in rules], "post": "yes"},
    )
    assert response.status_code == 302
    assert not RoutingRule.objects.filter(agency=city.agency_b).exists()

    deleted = AuditEntry.objects.filter(action="admin.delete", object_type="agencies.routingrule")
    assert sorted(e.object_id for e in deleted) == sorted(str(r.pk) for r in rules)
    assert all(e.before["agency_id"] == city.agency_b.pk for e in deleted)


def test_saving_without_a_change_writes_nothing(admin_client: Client) -> None:
    holiday = Holiday.objects.create(date="2026-12-31", name="Tutup tahun")
    _save(admin_client, f"/admin/agencies/holiday/{holiday.pk}/change/")
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()


def test_the_chain_still_verifies_after_admin_changes(admin_client: Client, city: City) -> None:
    membership = Membership.objects.get(user=city.officer_a)
    _save(
        admin_client,
        f"/admin/accounts/membership/{membership.pk}/change/",
        can_view_identity=True,
    )
    call_command("verify_audit")  # raises CommandError when the chain is broken


def test_every_admin_that_can_change_something_is_audited(city: City) -> None:
    """A new ModelAdmin must use AuditedAdmin, or be read-only."""
    request: Any = type("R", (), {"user": city.administrator})()
    city.administrator.is_superuser = True
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedAdmin):
            continue
        if (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            unaudited.append(model._meta.label)
    assert unaudited == []
    assert Agency in admin.site._registry and Holiday in admin.site._registry


def test_sending_failed_messages_again_from_the_admin_is_audited(
    admin_client: Client, city: City
) -> None:
    failed = Outbox.objects.create(
        channel="email", template="complaint_received", status="failed", attempts=5
    )
    admin_client.post(
        "/admin/notifications/outbox/",
        {"action": "send_again_action", "_selected_action": [failed.pk]},
    )

    entry = _entry("admin.send_again", Outbox)
    assert entry.after == {"selected": [failed.pk], "queued": 1}
    assert entry.actor == city.administrator and entry.ip == CLIENT
