"""Errors raised by the ontology package."""


class OntologyError(Exception):
    """An ontology, shapes or concept file cannot be read or is not valid Turtle."""
