"""The entities of one extraction run: all mentions of one person, organisation, place or document."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.mentions import Mention


@dataclass
class Entity:
    """All mentions of one person, organisation, place or document within a text."""

    kind: str
    name: str
    subkind: str = "other"
    mentions: list[Mention] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    is_source: bool = False
    date: str | None = None

    def add_alias(self, alias: str) -> None:
        if alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)
