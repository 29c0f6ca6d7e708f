"""The head of a source text: dateline, date, issuer line, byline, press-release banner, headline.

Press releases and news items open with a few short lines before the first paragraph::

    Düsseldorf, 10. April 2025                         dateline: place and date
    Ministerium für Wirtschaft - Pressemitteilung Nr. 97   issuer line: the issuer, and the kind
    PM 85 | 28.09.2018                                  a date line
    von Kai Beispiel / IHK Kiel                         byline: the authors
    Headline of the text                                the title

>>> from graph.lexicon import load_lexicon
>>> from graph.segment import blocks_of
>>> header = read_header(blocks_of("Berlin, den 3. März 2025\\n\\nNeues Netzwerk gegründet\\n\\nText folgt hier."),
...                      load_lexicon())
>>> header.place, header.date, header.title
('Berlin', '2025-03-03', 'Neues Netzwerk gegründet')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.lexicon import Lexicon
from graph.segment import Block

HEADER_BLOCKS = 6


@dataclass
class Header:
    place: str | None = None
    date: str | None = None
    title: str | None = None
    kind: str = "other"
    issuer: str | None = None  # text of the issuer line before the press cue
    byline: str | None = None  # text of the byline after "von"
    blocks: set[int] = field(default_factory=set)  # indices of the blocks that are header lines
    title_block: int | None = None


def _date_patterns(lexicon: Lexicon) -> list[re.Pattern[str]]:
    months = "|".join(lexicon.cues.get("months", {}))
    return [
        re.compile(rf"(?P<d>\d{{1,2}})\.\s*(?P<mname>{months})\s+(?P<y>\d{{4}})"),
        re.compile(r"(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})"),
        re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<yy>\d{2})(?![\d.])"),  # "06.07.18"
    ]


def find_date(text: str, lexicon: Lexicon) -> tuple[str, re.Match[str]] | None:
    """The first calendar date in ``text`` as ISO 8601, with its match."""
    months = lexicon.cues.get("months", {})
    for pattern in _date_patterns(lexicon):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = months[groups["mname"]] if groups.get("mname") else int(groups["m"])
        day = int(groups["d"])
        year = int(groups["y"]) if groups.get("y") else 2000 + int(groups["yy"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}", match
    return None


def read_header(blocks: list[Block], lexicon: Lexicon) -> Header:
    """Read the header lines at the top of a text (see the module docstring)."""
    header = Header()
    press_cues = {cue for cue, kind in lexicon.document_cues.items() if kind == "press_release"}
    press_cues |= {"pm", "pi"}
    banner: tuple[int, str] | None = None
    headline: tuple[int, str] | None = None
    for index, block in enumerate(blocks[:HEADER_BLOCKS]):
        if not block.is_heading:
            break
        text = re.sub(r"\s+", " ", block.text).strip()
        words = text.split()
        found = find_date(text, lexicon)
        lowered = [w.strip(":|-–.,").lower() for w in words]
        cue_positions = [i for i, w in enumerate(lowered) if w in press_cues]
        if found and cue_positions == [0] and len(words) > 2 and lowered[1] in {"des", "der", "vom", "von"}:
            # "Pressemitteilung des Ministeriums für … vom 23.10.2014", "Pressemitteilung vom 02.08.2016 - 16:45"
            header.kind = "press_release"
            header.date = header.date or found[0]
            issuer = re.sub(r"\s+vom?$", "", text[len(words[0]) : found[1].start()].strip()).strip(" ,|-–")
            if lowered[1] in {"des", "der"} and issuer:
                header.issuer = header.issuer or issuer
            header.blocks.add(index)
            continue
        if found is None and cue_positions == [0] and len(words) in range(3, 8) and lowered[1] == "von":
            # "Pressemitteilung von Frau Ines Beispiel": the release's author, not its title
            header.kind = "press_release"
            header.byline = re.sub(r"^(?:Frau|Herrn?)\s+", "", " ".join(words[2:]))
            header.blocks.add(index)
            continue
        if found and found[1].start() == 0 and len(words) > 8 and headline is None:
            # "12.12.2017 , 12:10 Uhr- Nachrichten - Kai Beispiel, IHK X": a date line with a byline, no title
            header.date = header.date or found[0]
            header.blocks.add(index)
            continue
        if found and len(words) <= 8:
            dateline = bool(text[: found[1].start()].strip(" ,|-–"))  # "Hanau, 26. November 2014": a place first
            if (
                headline is not None
                and header.date is None
                and header.issuer is None
                # a bare date right under the headline ("06.07.18 13:22") dates the headline; a dateline, or a
                # date below a second heading line, makes the first line the issuer
                and (
                    # "Die Senatorin für …" / headline / "11.05.2020"; not "Kai Beispiel als Präsident bestätigt"
                    (headline[0] < index - 1 and _reads_as_name(headline[1].split()))
                    or (
                        (dateline or _names_organisation(headline[1].split(), lexicon))
                        # … and a headline still follows: "Kreative gründen Bundesverband …" over "Dresden,
                        # 28.06.2017" and the first paragraph is the title, not an issuer
                        and index + 1 < len(blocks)
                        and blocks[index + 1].is_heading
                    )
                )
            ):
                header.issuer = header.issuer or headline[1]  # a line above the dateline names the issuer
                header.blocks.add(headline[0])
                headline = None
            header.date = header.date or found[0]
            before = text[: found[1].start()].strip(" ,|-–")
            before = re.sub(r"\bden$", "", before).strip(" ,")
            if before and not (set(lowered) & press_cues):
                header.place = header.place or before
            elif set(lowered) & press_cues:
                header.kind = "press_release"
            header.blocks.add(index)
            continue
        if words and words[0].lower() == "von" and len(words) <= 10:
            header.byline = text[4:].strip()
            header.blocks.add(index)
            continue
        if byline := _BYLINE.match(text):
            header.byline = byline.group(1)
            header.blocks.add(index)
            continue
        if (
            headline is not None
            and 2 <= len(words) <= 3
            and words[0] in lexicon.first_names
            and all(re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?", w) for w in words)
        ):
            header.byline = text  # a line that only names a person, under the headline: the author
            header.blocks.add(index)
            continue
        if cue_positions:
            header.kind = "press_release"
            position = cue_positions[0]
            separated = position + 1 < len(words) and words[position + 1] in {"|", "-", "–", ":"}
            named = words[2:][1:] if words[2:3] == ["Firma"] else words[2:]
            if position == 0 and separated:
                header.issuer = " ".join(words[position + 2 :]).strip(" -–|:,") or header.issuer
            elif (
                position == 0
                and len(words) > 2
                and lowered[1] in {"der", "des"}
                and _names_organisation(named, lexicon)
            ):
                # "Pressemeldung der Firma Bundesministerium für …": the issuer, not a banner naming the release
                header.issuer = " ".join(named)
            elif position == 0 and len(words) >= 5 and "nr" not in lowered:
                banner = banner or (index, text)
            else:
                issuer = " ".join(words[:position]).strip(" -–|:,")
                header.issuer = issuer or header.issuer
            header.blocks.add(index)
            continue
        places = [w for w in re.split(r"[/\s,()]+", text) if w]
        if places and len(places) <= 6 and all(w in lexicon.places for w in places):
            header.place = header.place or places[0]  # "Lübeck/ Flensburg": a dateline without a date
            header.blocks.add(index)
            continue
        if (
            index == 0
            and header.issuer is None
            and len(blocks) > 1
            and len(blocks[1].text.split()) <= 30  # a headline follows (it may end with a quotation mark)
            and _names_organisation(words, lexicon)
        ):
            header.issuer = text  # "Niedersächsisches Ministerium für Umwelt, …" above the headline
            header.blocks.add(index)
            if not blocks[1].is_heading:
                headline = (1, re.sub(r"\s+", " ", blocks[1].text).strip())
            continue
        if headline is None:
            headline = (index, text)
        elif (
            headline[0] == index - 1
            and _is_kicker(headline[1], lexicon)
            and find_date(text, lexicon) is None
            and len(re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", text)) >= 2
        ):
            headline = (index, text)  # "Clusterkonferenz in Höhr-Grenzhausen" above the real headline
    # a banner that names the release ("PRESSEMITTEILUNG FÜR …") may also come later, above a section
    for index, block in enumerate(blocks):
        words = block.text.split()
        if (
            block.is_heading
            and index not in header.blocks  # a date line such as "Pressemitteilung vom 02.08.2016" is no banner
            and find_date(block.text, lexicon) is None
            and words
            and words[0].lower().strip(":") in press_cues
            and len(words) >= 5
        ):
            banner = banner or (index, re.sub(r"\s+", " ", block.text).strip())
            header.kind = "press_release"
            break
    if headline is None:  # a text that opens with a paragraph: its first heading is the title
        headline = next(
            (
                (i, re.sub(r"\s+", " ", b.text).strip())
                for i, b in enumerate(blocks[:HEADER_BLOCKS])
                if b.is_heading and i not in header.blocks
            ),
            None,
        )
    # "Autor: Kai Beispiel aus Schöneberg" closing a news item
    last = len(blocks) - 1
    byline = _BYLINE.match(re.sub(r"\s+", " ", blocks[last].text).strip()) if last > 0 else None
    if byline and header.byline is None:
        header.byline = byline.group(1)
        header.blocks.add(last)
    chosen = banner or headline
    if chosen is not None:
        header.title_block, header.title = chosen
    return header


_BYLINE = re.compile(r"(?:Autor|Autorin|Text|Verfasser|Verfasserin)\s?:\s?(\S+(?: \S+){1,6})$")


def _is_kicker(line: str, lexicon: Lexicon) -> bool:
    """A line above the headline: a topic of up to three words ('Clusterkonferenz in Höhr-Grenzhausen') or a
    place label ('Reutlingen: Hochschule und IHK erneuern Kooperation'). Longer short lines are headlines
    with a subheadline below ('Startschuss für Brandenburger Landescluster')."""
    words = line.split()
    place_label = bool(words) and words[0].endswith(":") and words[0][:-1] in lexicon.places
    return (len(words) <= 3 and not line.endswith((".", "!", "?"))) or place_label


_NEWS_ADJECTIVES = frozenset({"neues", "neuer", "neue", "neu"})
_NAME_FUNCTION_WORDS = frozenset(
    {"für", "und", "des", "der", "die", "das", "von", "im", "in", "zu", "am", "an", "e.V."}
)


def _reads_as_name(words: list[str]) -> bool:
    """No lowercase word but those that join names: a name or a title, not a sentence."""
    return not any(w[:1].islower() and w.strip(",") not in _NAME_FUNCTION_WORDS for w in words)


def _names_organisation(words: list[str], lexicon: Lexicon) -> bool:
    """A line that is only an organisation's name: a head word among its first two words, or a legal form
    at its end, and no lowercase word but those that join names ("für", "und", "des" …)."""
    if not words or len(words) > 14 or any(w.endswith(":") for w in words):
        return False  # "Kooperationsvertrag: Leibniz-Uni und TU Braunschweig" is a headline
    if lexicon.document_kind(words[0].strip(",")) is not None:
        return False
    if not _reads_as_name(words):
        return False
    if words[0].lower() in _NEWS_ADJECTIVES:
        return False  # "Neues Cluster Nachhaltige Lebensmittel-Wirtschaft" announces, it does not sign
    heads = [w for w in words[:2] if lexicon.org_head_kind(w.strip(",")) is not None]
    if heads:
        return True
    # "Vorstandswahlen des Netzwerks X e.V.": a legal form at the end of a genitive is a headline about X
    return lexicon.legal_form(words[-1]) is not None and not {"des", "der", "von", "vom"} & set(words)
