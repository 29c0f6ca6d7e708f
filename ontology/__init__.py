"""The stakegraph ontology: vocabulary constants, files, entailments and SHACL validation.

This package imports none of stakegraph's other packages.
"""

from ontology.errors import OntologyError
from ontology.namespaces import DATA, GRAPH, OA, PREFIXES, SCHEMA, SG, SGC

__all__ = ["DATA", "GRAPH", "OA", "PREFIXES", "SCHEMA", "SG", "SGC", "OntologyError"]
