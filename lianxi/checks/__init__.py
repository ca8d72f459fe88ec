"""The check registry and `run_checks`: one module per rule, listed explicitly."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from lianxi.checks import (
    convener_is_member,
    date_order,
    decision_overdue,
    decision_owner_is_member,
    document_number,
    duplicate_unit,
    format_version,
    id_format,
    id_matches_stem,
    joined_units,
    lead_is_member,
    meeting_in_lifetime,
    office_is_member,
    other_duty_not_member,
    phrasing_placeholders,
    plenary_each_year,
    roster_is_member,
    status_successor,
    unique_system_keys,
    unit_characters,
    unit_count,
    unit_in_catalog,
    unit_level,
    unit_name_current,
)
from lianxi.checks._base import Context
from lianxi.diagnostics import Diagnostic, Severity
from lianxi.loader import LoadResult

CHECKS: dict[str, ModuleType] = {
    m.CODE: m
    for m in (
        id_matches_stem,
        id_format,
        format_version,
        unique_system_keys,
        unit_count,
        duplicate_unit,
        lead_is_member,
        office_is_member,
        convener_is_member,
        decision_owner_is_member,
        roster_is_member,
        document_number,
        other_duty_not_member,
        date_order,
        status_successor,
        phrasing_placeholders,
        plenary_each_year,
        decision_overdue,
        meeting_in_lifetime,
        unit_in_catalog,
        unit_name_current,
        unit_level,
        unit_characters,
        joined_units,
    )
}

__all__ = ["CHECKS", "Context", "run_checks"]


def run_checks(
    result: LoadResult,
    ctx: Context | None = None,
    severities: dict[str, Severity | None] | None = None,
) -> list[Diagnostic]:
    """Return the load diagnostics plus every check's, with `severities` overrides applied.

    `severities` maps a code to a new severity, or to None to turn it off (lianxi.toml).
    Never raises for bad content.
    """
    ctx = ctx or Context()
    found: list[Diagnostic] = list(result.diagnostics)
    if result.definition is not None:
        for module in CHECKS.values():
            found.extend(_run(module, result, ctx))
    if severities:
        found = [_override(d, severities) for d in found if severities.get(d.code, 0) is not None]
    return sorted(found)


def _run(module: ModuleType, result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    yield from module.check(result, ctx)


def _override(d: Diagnostic, severities: dict[str, Severity | None]) -> Diagnostic:
    new = severities.get(d.code)
    if new is None or new == d.severity:
        return d
    return d.with_severity(new)
