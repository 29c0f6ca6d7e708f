"""The ``stakegraph`` command line.

Every command takes ``--data DIR`` (or ``STAKEGRAPH_DATA``; default ``./stakegraph-data``). Errors
are printed as one line on stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from graph.build import Builder, DocumentOutcome, extraction_graph, software_version
from graph.errors import InputError, QueryError, StakegraphError
from graph.evaluate import Evaluation
from graph.ingest import discover, read_source
from graph.settings import Settings
from graph.stats import store_stats
from graph.store import DATASET_FORMATS, RDF_FORMATS, OxigraphStore
from graph.validation import validate_store
from ontology.errors import OntologyError
from ontology.namespaces import PREFIXES

app = typer.Typer(
    name="stakegraph",
    help=(
        "Who is connected to whom, through which organisation, document or goal? "
        "stakegraph turns German policy texts into an evidence-backed knowledge graph.\n\n"
        "Start with:  stakegraph build examples/corpus  and then  stakegraph stats"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
# pipes and files get wide tables: names of ministries are long
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="SPARQL query endpoint of a remote store instead of --data \\[env: STAKEGRAPH_STORE].",
        show_default=False,
    ),
]
UpdateOption = Annotated[
    str | None,
    typer.Option("--update-url", help="Its SPARQL update endpoint \\[env: STAKEGRAPH_UPDATE_URL].", show_default=False),
]
WaitOption = Annotated[
    float | None,
    typer.Option(
        "--wait",
        help="Seconds to wait while another process holds the store \\[env: STAKEGRAPH_LOCK_WAIT; default: 60].",
        min=0,
        show_default=False,
    ),
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Directory of the embedded store \\[env: STAKEGRAPH_DATA; default: ./stakegraph-data].",
        show_default=False,
    ),
]


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:.1f} docs/s" if task.speed else "", style="progress.data.speed")


def settings_for(data: Path | None, **overrides: object) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    if data is not None:
        values["data"] = data
    return Settings(**values)  # type: ignore[arg-type]


def open_store(settings: Settings, *, read_only: bool = False) -> OxigraphStore:
    """The embedded store in ``settings.data``, or a SPARQL server when ``settings.store`` is set.

    A writer that finds the store locked by another process (a build, a server) waits up to
    ``settings.lock_wait`` seconds for it, saying so once.
    """
    if settings.store:
        from graph.remote import RemoteStore

        return RemoteStore(settings.store, settings.update_url)  # type: ignore[return-value]
    if read_only and not settings.data.exists():
        raise StakegraphError(
            f"{settings.data}: no store here yet; build one with `stakegraph build PATH --data {settings.data}`"
        )

    def waiting() -> None:
        err.print(
            f"waiting up to {settings.lock_wait:g} s for {settings.data}: another process (a build or a server) "
            "holds it open for writing …",
            highlight=False,
        )

    return OxigraphStore(
        settings.data, read_only=read_only, wait=0 if read_only else settings.lock_wait, on_wait=waiting
    )


# build ---------------------------------------------------------------------------------------


@app.command(
    epilog=(
        "Examples:\n\n"
        "  stakegraph build examples/corpus\n\n"
        "  stakegraph build press/ reports/2024.pdf --curation curation.yaml --data /srv/stakegraph\n\n"
        "  STAKEGRAPH_TOKEN=… stakegraph build press/ --api http://127.0.0.1:8000   (while a server holds the store)"
    )
)
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .pdf).", show_default=False)],
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    curation: Annotated[Path | None, typer.Option(help="YAML curation file (see graph/resolve.py).")] = None,
    concepts: Annotated[
        list[Path] | None, typer.Option(help="Extra SKOS Turtle file of goals/topics (repeatable).")
    ] = None,
    lexicon: Annotated[Path | None, typer.Option(help="Folder with your own pattern files.")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild documents whose content did not change.")] = False,
    jobs: Annotated[
        int | None, typer.Option(help="Worker processes for extraction \\[default: one per core].", min=1)
    ] = None,
    wait: WaitOption = None,
    api: Annotated[
        str | None,
        typer.Option(
            help="Send the files to a running stakegraph service (its URL) instead of writing a store; "
            "it needs the service's token in STAKEGRAPH_TOKEN.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the graph from source files: one named graph per document, unchanged files skipped."""
    settings = settings_for(
        data, store=store, update_url=update_url, curation=curation, concepts=concepts or None, lock_wait=wait
    )
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise InputError(missing[0], "no such file or folder")
    files = list(discover(paths))
    if not files:
        raise StakegraphError("no source files found (looked for .txt, .md, .html, .pdf)")
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = progress.add_task("building", total=len(files))

    def report(outcome: DocumentOutcome) -> None:
        progress.advance(task)
        if outcome.status == "failed":
            err.print(f"[red]error[/red]: {outcome.path}: {outcome.message}", highlight=False)

    if api is not None:
        from api.client import ServiceClient

        client = ServiceClient(api, settings.token)
        with progress:
            summary = client.build(files, max_bytes=settings.max_file_bytes, force=force, progress=report)
        stats, where = client.stats(), api
    else:
        with open_store(settings) as store:
            builder = Builder(store, settings, lexicon_dir=lexicon)
            with progress:
                summary = builder.build_paths(files, force=force, jobs=jobs or os.cpu_count() or 1, progress=report)
            stats, where = store_stats(store), settings.store or str(settings.data)
    for outcome in summary.outcomes:
        for warning in outcome.warnings:
            err.print(f"[yellow]warning[/yellow]: {outcome.path}: {warning}", highlight=False)
    out.print(
        f"built {summary.count('built')}, skipped {summary.count('skipped')} unchanged, "
        f"failed {summary.count('failed')} · {summary.facts} facts · {summary.warnings} warnings",
        highlight=False,
    )
    out.print(
        f"store {where}: {stats['source_documents']} documents, {stats['persons']} persons, "
        f"{stats['organizations']} organisations, {stats['triples']} triples",
        highlight=False,
    )
    if summary.count("failed") and not summary.count("built") and not summary.count("skipped"):
        raise typer.Exit(1)


# extract -------------------------------------------------------------------------------------


@app.command(
    epilog="Examples:\n\n  stakegraph extract examples/corpus/*.txt\n\n  stakegraph extract report.pdf --format turtle"
)
def extract(
    file: Annotated[Path, typer.Argument(help="One source file.", show_default=False)],
    format: Annotated[str, typer.Option("--format", "-f", help="json (extraction report) or turtle.")] = "json",
    lexicon: Annotated[Path | None, typer.Option(help="Folder with your own pattern files.")] = None,
    curation: Annotated[Path | None, typer.Option(help="YAML curation file.")] = None,
) -> None:
    """Print what the builder finds in one file, without touching the store."""
    if format not in {"json", "turtle"}:
        raise click.BadParameter("use json or turtle", param_hint="--format")
    settings = settings_for(None, curation=curation)
    source = read_source(
        file,
        max_bytes=settings.max_file_bytes,
        max_chars=settings.max_text_chars,
        max_pdf_seconds=settings.max_pdf_seconds,
    )
    with OxigraphStore() as store:
        builder = Builder(store, settings, lexicon_dir=lexicon)
        if format == "turtle":
            sys.stdout.write(extraction_graph(builder, source).serialize(format="turtle"))
            return
        from graph.iris import source_slug

        extraction, _ = builder.document_graph(source, source_slug(source.name))
    sys.stdout.write(json.dumps(extraction.to_report(), ensure_ascii=False, indent=2) + "\n")


# query ---------------------------------------------------------------------------------------


@app.command(
    epilog=(
        "Examples:\n\n"
        "  stakegraph query 'SELECT ?name WHERE { ?p a sg:Person ; rdfs:label ?name }'\n\n"
        "  stakegraph query members.rq --format csv > members.csv\n\n"
        "The prefixes sg, org, schema, prov, oa, skos, dcterms, rdfs, rdf, owl, xsd, foaf, id are preloaded; "
        "the default graph is the union of all documents."
    )
)
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or a file that holds one.", show_default=False)],
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="table, json, csv, tsv or xml (SELECT/ASK); CONSTRUCT prints Turtle."),
    ] = "table",
) -> None:
    """Run a SPARQL query against the store."""
    if format not in {"table", "json", "csv", "tsv", "xml"}:
        raise click.BadParameter("use table, json, csv, tsv or xml", param_hint="--format")
    text = _query_text(sparql)
    settings = settings_for(data, store=store, update_url=update_url)
    with open_store(settings, read_only=True) as store:
        if format == "table":
            form, body = store.query_serialized(text, result_format="json")
        else:
            form, body = store.query_serialized(text, result_format=format)
    if form == "graph" or format != "table":
        sys.stdout.write(body.decode("utf-8"))
        return
    result = json.loads(body)
    if form == "ask":
        out.print("true" if result["boolean"] else "false")
        return
    table = Table(*result["head"]["vars"], show_lines=False)
    for binding in result["results"]["bindings"]:
        table.add_row(*[_compact(binding.get(v, {}).get("value", "")) for v in result["head"]["vars"]])
    out.print(table)
    out.print(f"{len(result['results']['bindings'])} rows", style="dim")


def _compact(value: str) -> str:
    """An IRI in prefix form (id:person/karin-weber) for tables; other values unchanged."""
    for name, iri in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if value.startswith(iri):
            return f"{name}:{value[len(iri) :]}"
    return value


def _query_text(argument: str) -> str:
    candidate = Path(argument)
    if len(argument) < 4096 and "\n" not in argument and candidate.suffix in {".rq", ".sparql", ".txt"}:
        if not candidate.exists():
            raise InputError(candidate, "no such query file")
        try:
            return candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(candidate, f"cannot read the query file ({exc})") from None
    if not argument.strip():
        raise QueryError("the query is empty")
    return argument


# export / import -----------------------------------------------------------------------------


@app.command(
    epilog=(
        "Examples:\n\n  stakegraph export --format trig --out graph.trig\n\n"
        "  stakegraph export --format turtle > union.ttl   (Turtle holds the union of all graphs)"
    )
)
def export(
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(RDF_FORMATS)}.")] = "trig",
    graph: Annotated[str | None, typer.Option(help="Export only this named graph.")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Write to a file instead of stdout.")] = None,
) -> None:
    """Export the store (all named graphs, or one) as RDF."""
    if format not in RDF_FORMATS:
        raise click.BadParameter(f"use one of {', '.join(RDF_FORMATS)}", param_hint="--format")
    settings = settings_for(data, store=store, update_url=update_url)
    with open_store(settings, read_only=True) as store:
        if graph is not None and graph not in store.graph_names():
            raise StakegraphError(f"no named graph {graph} in the store")
        if out_file is None:
            store.export(sys.stdout.buffer, format, graph)
            return
        temporary = out_file.with_name(out_file.name + ".part")
        try:
            with temporary.open("wb") as handle:
                store.export(handle, format, graph)
            temporary.replace(out_file)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise StakegraphError(f"{out_file}: cannot write ({exc.strerror or exc})") from None
    err.print(f"wrote {out_file}")


@app.command(
    "import",
    epilog="Examples:\n\n  stakegraph import backup.trig\n\n  stakegraph import extra.ttl --graph https://example.org/graph/extra",
)
def import_(
    file: Annotated[Path, typer.Argument(help="An RDF file.", show_default=False)],
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Guessed from the file suffix when omitted.")
    ] = None,
    graph: Annotated[str | None, typer.Option(help="Named graph for triple formats (Turtle, N-Triples …).")] = None,
    wait: WaitOption = None,
) -> None:
    """Import RDF into the store in one transaction (TriG/N-Quads keep their named graphs)."""
    suffixes = {
        ".trig": "trig",
        ".nq": "nquads",
        ".ttl": "turtle",
        ".nt": "ntriples",
        ".jsonld": "jsonld",
        ".rdf": "rdfxml",
        ".owl": "rdfxml",
    }
    fmt = format or suffixes.get(file.suffix.lower())
    if fmt is None or fmt not in RDF_FORMATS:
        raise click.BadParameter(f"cannot tell the format of {file.name}; give --format", param_hint="--format")
    if fmt not in DATASET_FORMATS and graph is None:
        raise click.BadParameter("triples need a target graph: give --graph IRI", param_hint="--graph")
    try:
        payload = file.read_bytes()
    except OSError as exc:
        raise InputError(file, f"cannot be read ({exc.strerror or exc})") from None
    settings = settings_for(data, store=store, update_url=update_url, lock_wait=wait)
    with open_store(settings) as store:
        store.import_data(payload, fmt, graph)
        stats = store_stats(store)
    out.print(f"imported {file} · the store holds {stats['triples']} triples", highlight=False)


# validate / stats ----------------------------------------------------------------------------


@app.command(
    epilog="Examples:\n\n  stakegraph validate\n\n  stakegraph validate --graph https://w3id.org/stakegraph/graph/source/my-doc"
)
def validate(
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    graph: Annotated[list[str] | None, typer.Option(help="Validate only these named graphs.")] = None,
) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl) and list every violation."""
    settings = settings_for(data, store=store, update_url=update_url)
    with open_store(settings, read_only=True) as store:
        names = store.graph_names()
        if graph:
            unknown = [g for g in graph if g not in names]
            if unknown:
                raise StakegraphError(f"no named graph {unknown[0]} in the store")
        results = validate_store(store, graphs=graph or None)
        checked = len(graph) if graph else len(names) - 1
    if not results:
        out.print(f"valid: {checked} graphs conform to the shapes")
        return
    total = 0
    for name, violations in results.items():
        out.print(f"[bold]{name}[/bold]")
        for violation in violations:
            total += 1
            out.print(f"  {violation}", highlight=False)
    err.print(f"{total} violations in {len(results)} of {checked} graphs")
    raise typer.Exit(1)


@app.command(epilog="Examples:\n\n  stakegraph stats\n\n  stakegraph stats --json")
def stats(
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts of documents, triples, persons, organisations, quotes and events in the store."""
    settings = settings_for(data, store=store, update_url=update_url)
    with open_store(settings, read_only=True) as store:
        counts = store_stats(store)
    if as_json:
        sys.stdout.write(json.dumps(counts, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table("what", "count")
    for key, value in counts.items():
        if isinstance(value, dict):
            for kind, number in value.items():
                table.add_row(f"  {key.replace('_', ' ')}: {kind}", str(number))
        else:
            table.add_row(key.replace("_", " "), str(value))
    out.print(table)


@app.command(
    epilog=(
        "Examples:\n\n  stakegraph evaluate tests/fixtures/devset/gold tests/fixtures/devset/texts\n\n"
        "  stakegraph evaluate gold/ texts/ --details   (lists every false positive and negative)\n\n"
        "  stakegraph evaluate gold/ texts/ --check     (checks the gold files against their texts first)\n\n"
        "  stakegraph evaluate gold/ texts/ --by-relation   (adds precision, recall and F1 per relation type)\n\n"
        "  stakegraph evaluate gold/ texts/ --against gold-second/   (agreement of two annotators)"
    )
)
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NAME.gold.json files.", show_default=False)],
    text_dir: Annotated[Path, typer.Argument(help="Folder of the texts NAME.txt|.md|.html|.pdf.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    details: Annotated[bool, typer.Option(help="List false positives and false negatives.")] = False,
    by_relation: Annotated[
        bool, typer.Option("--by-relation", help="Add a row per relation type (role_at, member_of, …).")
    ] = False,
    lexicon: Annotated[Path | None, typer.Option(help="Folder with your own pattern files.")] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only check the gold files against their texts; exit 1 on problems.")
    ] = False,
    against: Annotated[
        Path | None,
        typer.Option(
            help="A second annotator's gold files for some of the same texts: score them against GOLD_DIR "
            "instead of the extraction (inter-annotator agreement, the ceiling for any extractor).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Precision, recall and F1 of the extraction against hand-made gold files."""
    from graph.evaluate import CATEGORIES, agreement, check_gold, gold_pairs, read_gold

    settings = settings_for(None)
    pairs = gold_pairs(gold_dir, text_dir)
    if check:
        found = 0
        for name, gold, text in pairs:
            source = read_source(text, max_bytes=settings.max_file_bytes, max_chars=settings.max_text_chars)
            for problem in check_gold(read_gold(gold), source.text):
                out.print(f"{name}: {problem}", markup=False, highlight=False)
                found += 1
        out.print(f"{found} problems in {len(pairs)} gold files", markup=False, highlight=False)
        if found:
            raise typer.Exit(1)
        return
    result = agreement(pairs, against) if against is not None else _evaluate_extraction(pairs, settings, lexicon)
    total = result.total()
    if as_json:
        payload = {
            "documents": {n: {c: scores[c].to_json() for c in CATEGORIES} for n, scores in result.documents.items()},
            "total": {c: total[c].to_json() for c in CATEGORIES},
            "relations_by_type": {k: v.to_json() for k, v in result.by_relation_type().items()},
            "entity_f1": round(result.entity_f1(), 3),
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    rows = [(category, total[category]) for category in CATEGORIES]
    if by_relation:
        rows += [(f"  {kind}", score) for kind, score in result.by_relation_type().items()]
    table = Table("category", "precision", "recall", "F1", "tp", "fp", "fn")
    for category, score in rows:
        table.add_row(
            category, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
            str(score.tp), str(score.fp), str(score.fn),
        )  # fmt: skip
    out.print(table)
    what = "agreement of the two annotators" if against is not None else "entity F1"
    out.print(
        f"{what} (persons, organisations, documents): {result.entity_f1():.3f} over {len(result.documents)} documents"
    )
    if details:
        for name, scores in result.documents.items():
            out.print(f"[bold]{name}[/bold]")
            for category in CATEGORIES:
                for item in scores[category].false_positives:
                    out.print(f"  {category} false positive: {item}", highlight=False)
                for item in scores[category].false_negatives:
                    out.print(f"  {category} missed: {item}", highlight=False)


def _evaluate_extraction(pairs: list[tuple[str, Path, Path]], settings: Settings, lexicon: Path | None) -> Evaluation:
    """Extract every text of ``pairs`` (in memory, as ``build`` would) and score it against its gold file."""
    from graph.evaluate import evaluate as run_evaluation
    from graph.iris import source_slug

    with OxigraphStore() as store:
        builder = Builder(store, settings, lexicon_dir=lexicon)

        def report_of(path: Path) -> dict:
            source = read_source(
                path,
                max_bytes=settings.max_file_bytes,
                max_chars=settings.max_text_chars,
                max_pdf_seconds=settings.max_pdf_seconds,
            )
            extraction, _ = builder.document_graph(source, source_slug(source.name))
            return extraction.to_report()

        return run_evaluation(pairs, report_of)


@app.command(
    epilog=(
        "Examples:\n\n  stakegraph serve --data stakegraph-data\n\n"
        "  STAKEGRAPH_TOKEN=… stakegraph serve --host 0.0.0.0 --port 8080   (updates need that Bearer token)\n\n"
        "Then: curl 'http://127.0.0.1:8000/entities?q=weber', or point any SPARQL client at /sparql."
    )
)
def serve(
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(help="File holding the write token (else STAKEGRAPH_TOKEN; never on the command line)."),
    ] = None,
    workers: Annotated[int, typer.Option(help="Query worker processes.", min=1)] = 2,
) -> None:
    """Serve the SPARQL endpoint and the REST API (OpenAPI docs at /docs)."""
    import uvicorn

    from api.app import create_app

    overrides: dict[str, object] = {}
    if token_file is not None:
        try:
            overrides["token"] = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise InputError(token_file, f"cannot read the token file ({exc.strerror or exc})") from None
        if not overrides["token"]:
            raise InputError(token_file, "the token file is empty")
    settings = settings_for(data, store=store, update_url=update_url, **overrides)
    store = open_store(settings)
    err.print(
        f"serving {settings.data} at http://{host}:{port}/ (SPARQL: /sparql, API docs: /docs); "
        f"updates {'need the Bearer token' if settings.token else 'are disabled (no token)'}",
        highlight=False,
    )
    uvicorn.run(create_app(settings, store, workers=workers), host=host, port=port, log_level="warning")


@app.command(
    epilog=(
        "Examples:\n\n  stakegraph queries                          (lists the named queries)\n\n"
        "  stakegraph queries members --param alliance=org/beispiel-allianz\n\n"
        "  stakegraph queries goal --param goal=Digitalisierung --format csv"
    )
)
def queries(
    name: Annotated[str | None, typer.Argument(help="The named query to run; list them when omitted.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (repeatable).")] = None,
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
) -> None:
    """Run a named query (a parameterised SPARQL file shipped with stakegraph)."""
    from graph.named_queries import named_queries, run_named_query

    if name is None:
        table = Table("name", "parameters", "what it answers")
        for query in named_queries().values():
            table.add_row(query.name, ", ".join(f"{p.name} ({p.type})" for p in query.parameters), query.title)
        out.print(table)
        return
    values: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="--param")
        values[key.strip()] = value
    settings = settings_for(data, store=store, update_url=update_url)
    with open_store(settings, read_only=True) as store:
        result = run_named_query(store, name, values)
    rows = result["rows"]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    if format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    elif format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*[str(row.get(c, "")) for c in columns])
        out.print(table)
        out.print(f"{len(rows)} rows", style="dim")


@app.command(
    epilog=(
        "Examples:\n\n  stakegraph analyze                      (the 20 most central persons and organisations)\n\n"
        "  stakegraph analyze --top 50 --kinds person\n\n"
        "  stakegraph analyze --graphml net.graphml --gexf net.gexf --nodes nodes.csv --edges edges.csv\n\n"
        "The scores are written to the store (graph …/graph/analysis): SELECT ?x ?r WHERE { ?x sg:pageRank ?r }"
    )
)
def analyze(
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    top: Annotated[int, typer.Option(help="How many stakeholders to list.", min=1)] = 20,
    kinds: Annotated[str, typer.Option(help="Kinds to rank, comma-separated.")] = "person,organization",
    write: Annotated[bool, typer.Option(help="Write the scores to the store for SPARQL.")] = True,
    graphml: Annotated[Path | None, typer.Option(help="Write the network as GraphML (Gephi, Cytoscape).")] = None,
    gexf: Annotated[Path | None, typer.Option(help="Write the network as GEXF (Gephi).")] = None,
    nodes: Annotated[Path | None, typer.Option(help="Write the node list as CSV.")] = None,
    edges: Annotated[Path | None, typer.Option(help="Write the edge list as CSV.")] = None,
) -> None:
    """Who sits at the centre, which groups form, who connects them: centrality, communities, brokers."""
    from graph.analysis import export_network, measures, project, ranking, scores_graph
    from ontology.namespaces import GRAPH

    settings = settings_for(data, store=store, update_url=update_url)
    with open_store(settings, read_only=not write) as store:
        network = project(store)
        scores = measures(network)
        if write:
            store.replace_graph(str(GRAPH["analysis"]), scores_graph(scores))
    for fmt, target in (("graphml", graphml), ("gexf", gexf), ("nodes", nodes), ("edges", edges)):
        if target is not None:
            try:
                with target.open("wb") as handle:
                    export_network(network, fmt, handle, scores)
            except OSError as exc:
                raise StakegraphError(f"{target}: cannot write ({exc.strerror or exc})") from None
            err.print(f"wrote {target}")
    rows = ranking(network, scores, kinds=[k.strip() for k in kinds.split(",") if k.strip()])[:top]
    table = Table("#", "stakeholder", "kind", "PageRank", "betweenness", "degree", "community", "broker")
    for number, row in enumerate(rows, start=1):
        table.add_row(
            str(number), row["label"], row["kind"], f"{row['pagerank']:.3f}", f"{row['betweenness']:.3f}",
            f"{row['degree']:.3f}", str(row["community"]), "yes" if row["broker"] else "",
        )  # fmt: skip
    out.print(table)
    communities = len({s.community for s in scores.values()})
    out.print(f"{network.number_of_nodes()} nodes, {network.number_of_edges()} edges, {communities} communities")


@app.command(
    epilog=(
        "Examples:\n\n  stakegraph view --out network.html\n\n"
        "  stakegraph view --focus 'Medizin' --depth 2 --types person,organization --out medizin.html\n\n"
        "The file works offline: send it to a colleague or open it from a USB stick."
    )
)
def view(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path(
        "stakegraph-view.html"
    ),
    data: DataOption = None,
    store: StoreOption = None,
    update_url: UpdateOption = None,
    focus: Annotated[str | None, typer.Option(help="An entity id or name: show its neighbourhood only.")] = None,
    depth: Annotated[int, typer.Option(help="Hops around --focus.", min=1, max=6)] = 2,
    types: Annotated[str | None, typer.Option(help="Kinds to show, comma-separated (person,organization,…).")] = None,
    documents: Annotated[str | None, typer.Option(help="Source document ids to show, comma-separated.")] = None,
) -> None:
    """Write an interactive network view: one self-contained HTML file."""
    from viz.view import ViewRequest, view_html

    request = ViewRequest(
        focus=focus,
        depth=depth,
        kinds=tuple(t.strip() for t in (types or "").split(",") if t.strip()),
        documents=tuple(d.strip() for d in (documents or "").split(",") if d.strip()),
    )
    settings = settings_for(data, store=store, update_url=update_url)
    with open_store(settings, read_only=True) as store:
        html = view_html(store, request)
    temporary = out_file.with_name(out_file.name + ".part")
    try:
        temporary.write_text(html, encoding="utf-8")
        temporary.replace(out_file)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StakegraphError(f"{out_file}: cannot write ({exc.strerror or exc})") from None
    out.print(f"wrote {out_file} ({len(html.encode()) / 1024:,.0f} KB); open it in a browser")


@app.command()
def version() -> None:
    """Print stakegraph's version."""
    out.print(f"stakegraph {software_version()}")


# entry point ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the command line; map every error to a one-line message and an exit code."""
    try:
        code = app(args=argv, standalone_mode=False, prog_name="stakegraph")
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        err.print("interrupted: what was written is whole; run the same command again to go on")
        return 130
    except KeyboardInterrupt:
        err.print("interrupted: what was written is whole; run the same command again to go on")
        return 130
    except (StakegraphError, OntologyError) as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: never a traceback for users
        if os.environ.get("STAKEGRAPH_DEBUG"):
            raise
        err.print(
            f"[red]internal error[/red]: {type(exc).__name__}: {exc} (set STAKEGRAPH_DEBUG=1 for details)",
            highlight=False,
        )
        return 70
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
