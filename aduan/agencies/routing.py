"""Which agency or unit a complaint goes to: the most specific routing rule wins."""

from __future__ import annotations

from aduan.agencies.models import Agency, Area, Category, RoutingRule


def area_chain(area: Area | None) -> list[str]:
    """The area's code and its ancestors' codes, most specific first (36.71.01.1001, 36.71.01, …)."""
    if area is None:
        return []
    parts = area.code.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def suggest_agency(category: Category, area: Area | None) -> Agency | None:
    """The target of the most specific rule, or None (the complaint stays with the desk).

    Specificity: category + the deepest area, then category alone, then area alone (deepest first).
    """
    chain = area_chain(area)
    rules = {
        (rule.category_id, rule.area_id): rule
        for rule in RoutingRule.objects.filter(
            category__in=[category], area__in=chain
        ).select_related("agency")
        | RoutingRule.objects.filter(category=category, area__isnull=True).select_related("agency")
        | RoutingRule.objects.filter(category__isnull=True, area__in=chain).select_related("agency")
    }
    for code in chain:
        if (category.pk, code) in rules:
            return rules[(category.pk, code)].agency
    if (category.pk, None) in rules:
        return rules[(category.pk, None)].agency
    for code in chain:
        if (None, code) in rules:
            return rules[(None, code)].agency
    return None


def complaint_desk() -> Agency | None:
    return Agency.objects.filter(kind=Agency.Kind.DESK, is_active=True).order_by("path").first()
