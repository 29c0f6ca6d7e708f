"""SHACL validation of a stakegraph graph with pyshacl, reported as plain records."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph
from rdflib.term import Node

from ontology.files import shapes_graph
from ontology.namespaces import SH


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node, which property path, what is wrong."""

    focus: str
    path: str | None
    message: str
    severity: str = "Violation"
    value: str | None = None

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        value = f" [value: {self.value}]" if self.value else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}{value}"


def validate(data: Graph) -> list[Violation]:
    """Check ``data`` against ``ontology/shapes.ttl``; an empty list means the graph is valid.

    ``data`` must hold the materialised types (the builder writes them), so no reasoner runs here.
    """
    conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    violations = []
    for result in report.subjects(SH.resultSeverity, None):
        violations.append(
            Violation(
                focus=_show(report.value(result, SH.focusNode)),
                path=_show(report.value(result, SH.resultPath)) or None,
                message=str(report.value(result, SH.resultMessage) or "constraint violated"),
                severity=_show(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                value=_show(report.value(result, SH.value)) or None,
            )
        )
    return sorted(set(violations))


def _show(node: Node | None) -> str:
    """IRIs and literals as text; a blank node (a sequence path) as a short placeholder."""
    if node is None:
        return ""
    return "a property path" if isinstance(node, BNode) else str(node)
