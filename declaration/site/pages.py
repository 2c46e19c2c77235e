"""The pages of the site: the dataset page in French and in English, and the declaration.

Static HTML written from the declaration and the bundle: no script to run, no file from
another host (the style is inline), so that a page reads the same with JavaScript off and
offline. The declaration page shows every paragraph exactly as published, each an anchor
named by its eId with its permalink and IRI; mentions link to their entity (Wikidata where
verified), cited instruments are ``<cite>``, dates ``<time datetime>`` (an interval's first
and last days each their own). The dataset page embeds a schema.org ``Dataset`` (JSON-LD)
with one ``DataDownload`` per file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from declaration import registry
from declaration.formats import bundle
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Output
from declaration.release import Release
from declaration.site.figures import timeline
from declaration.spool import digest
from declaration.tabular import TABLES

Lookup = Callable[[str], Output | None]

RELEASES_PAGE, RELEASES_FEED = "releases.html", "releases.atom"  # written by site.releases
STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#1a1a1a}
a{color:#0645ad}code,pre{font-family:ui-monospace,monospace;font-size:.9em}
pre{overflow-x:auto;background:#f4f4f4;padding:.75rem}table{border-collapse:collapse;display:block;overflow-x:auto}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
code{overflow-wrap:anywhere}.paragraph{margin:1.5rem 0}.permalink{font-size:.85em;color:#555}
.num{font-weight:bold}time{background:#eef6ee}.mention{text-decoration:underline dotted}
nav a{margin-right:1rem}
""".strip()

LABELS = {
    "fr": {
        "about": "Le jeu de données",
        "source": "Source",
        "licence": "Licence",
        "version": "Version",
        "cite": "Citer",
        "load": "Charger les données",
        "dictionary": "Dictionnaire des données",
        "downloads": "Téléchargements",
        "text": "Lire la déclaration",
        "declarations": "Les déclarations",
        "listed": ("déclaration", "date", "source", "SHA-256 du texte"),
        "other": ("English", "en/index.html"),
        "table": ("table", "champ", "type", "description", "clé"),
        "files": ("fichier", "format", "taille (octets)", "SHA-256"),
        "changelog": "Journal des modifications",
        "versions": "Versions",
        "code": "code : MIT",
        "download": "Télécharger",
        "timeline": "Les déclarations dans le temps",
        "bytes": "octets",
        "check": "Vérifier le zip téléchargé :",
        "formats": ("format", "fichiers", "dictionnaire"),
        "every": "Tous les fichiers",
        "signature": "Vérifier la signature",
        "signed": "La publication est signée : <code>{sig}</code> est une signature OpenSSH "
        "(Ed25519) de <code>{sums}</code>, qui donne le SHA-256 de chaque autre fichier. "
        "La clé de l’éditeur ({fingerprint}), ligne du fichier "
        '<a href="{prefix}allowed_signers"><code>allowed_signers</code></a> :',
        "verify": "Puis, avec OpenSSH et coreutils seulement :",
    },
    "en": {
        "about": "The dataset",
        "source": "Source",
        "licence": "Licence",
        "version": "Version",
        "cite": "How to cite",
        "load": "Load the data",
        "dictionary": "Data dictionary",
        "downloads": "Downloads",
        "text": "Read the declaration",
        "declarations": "The declarations",
        "listed": ("declaration", "date", "source", "SHA-256 of the text"),
        "other": ("Français", "../index.html"),
        "table": ("table", "field", "type", "description", "key"),
        "files": ("file", "format", "size (bytes)", "SHA-256"),
        "changelog": "Changelog",
        "versions": "Versions",
        "code": "code: MIT",
        "download": "Download",
        "timeline": "The declarations in time",
        "bytes": "bytes",
        "check": "Check the downloaded zip:",
        "formats": ("format", "files", "dictionary"),
        "every": "Every file",
        "signature": "Verify the signature",
        "signed": "The release is signed: <code>{sig}</code> is an OpenSSH signature (Ed25519) "
        "of <code>{sums}</code>, which gives the SHA-256 of every other file. The publisher’s "
        'key ({fingerprint}), a line of <a href="{prefix}allowed_signers"><code>allowed_signers</code></a>:',
        "verify": "Then, with OpenSSH and coreutils only:",
    },
}


# what JSON embedded in HTML escapes: no text can end its script element, open a comment in
# it, or break a line for a script engine that reads U+2028 and U+2029 as line ends
_IN_SCRIPT = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(value: Any) -> str:
    """A JSON-LD ``<script>`` element holding ``value``: the same JSON, read back, whatever
    text it holds."""
    data = json.dumps(value, ensure_ascii=False, indent=1).translate(_IN_SCRIPT)
    return f'<script type="application/ld+json">\n{data}\n</script>\n'


def html_page(lang: str, title: str, body: str, head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'  # no icon: the browser asks for none
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n{head}</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    ).encode()


def work_path(decl: Declaration) -> str:
    """Where the declaration's page is: the path of its Work IRI on the site."""
    return decl.work_uri.strip("/") + "/index.html"


# ------------------------------------------------------------------- the dataset page


def _snippets(release: Release, lang: str) -> list[tuple[str, str]]:
    """How to load the data: the examples the outputs give, as the bundle README shows them,
    what each shows in the page's language."""
    return [
        (example.fr if lang == "fr" else example.what, code)
        for example, code in bundle.examples(release, registry.OUTPUTS)
    ]


def _dictionary(labels: Mapping[str, Any], lang: str) -> str:
    """The data dictionary: a table of columns per table, each in a ``<details>`` whose id
    (``dictionary-<table>``) the formats table links to."""
    head = "".join(f"<th>{h}</th>" for h in labels["table"])
    parts = []
    for table in TABLES:
        rows = []
        for column in table.columns:
            key = "PK" if column.name in table.primary_key else ""
            rows.append(
                f"<tr><td>{table.name}</td><td><code>{column.name}</code></td>"
                f"<td>{column.type}{'' if column.required else '?'}</td>"
                f"<td{_english(lang)}>{escape(column.description)}</td><td>{key}</td></tr>"
            )
        parts.append(
            f'<details id="dictionary-{table.name}"><summary>{table.name}</summary>\n'
            f'<table tabindex="0">\n<tr>{head}</tr>\n' + "\n".join(rows) + "\n</table></details>"
        )
    return "\n".join(parts)


def _formats(
    files: Mapping[str, bytes], lookup: Lookup, labels: Mapping[str, Any], prefix: str
) -> str:
    """The data files, compactly: a row per table (its CSV and its typed copies, and its
    part of the data dictionary), then a row per other kind of data file (the schemas and
    documents are in the list of every file)."""
    tables = {table.name for table in TABLES}
    grouped: dict[str, list[tuple[Output, str]]] = {}
    for path, out in _described(files, lookup):
        if out.stage == "data":
            key = out.copy_of or out.name
            grouped.setdefault(key if key in tables else f"~{out.name}", []).append((out, path))
    head = "".join(f"<th>{h}</th>" for h in labels["formats"])
    rows = []
    for key, found in sorted(grouped.items()):
        kinds = " · ".join(dict.fromkeys(out.format for out, _ in found))
        shown = [
            f'<a href="{prefix}{escape(p)}">{escape(p.rsplit("/", 1)[-1])}</a>'
            for _, p in found[:3]
        ]
        more = f" (+{len(found) - 3})" if len(found) > 3 else ""
        dictionary = f'<a href="#dictionary-{key}">{key}</a>' if key in tables else ""
        rows.append(
            f"<tr><td>{escape(kinds)}</td><td>{', '.join(shown)}{more}</td>"
            f"<td>{dictionary}</td></tr>"
        )
    return f'<table tabindex="0">\n<tr>{head}</tr>\n' + "\n".join(rows) + "\n</table>"


def _english(lang: str) -> str:
    """The attribute that marks English text (the schemas') on a page in another language."""
    return "" if lang == "en" else ' lang="en"'


def _titled(dataset: DatasetMeta, lang: str) -> tuple[str, str, str, str]:
    """The dataset's title and description in ``lang`` where the metadata give them, each
    with the attribute that marks it when it is in the other language."""
    if lang == "en":
        if dataset.title_en:
            return dataset.title_en, "", dataset.description, ""
        return dataset.title, ' lang="fr"', dataset.description, ""
    if dataset.description_fr:
        return dataset.title, "", dataset.description_fr, ""
    return dataset.title, "", dataset.description, ' lang="en"'


def _described(files: Mapping[str, bytes], lookup: Lookup) -> list[tuple[str, Output]]:
    """The downloads, each with its output."""
    return [(path, out) for path in sorted(files) if (out := lookup(path)) is not None]


def _downloads(
    files: Mapping[str, bytes], lookup: Lookup, labels: Mapping[str, Any], prefix: str
) -> str:
    head = "".join(f"<th>{h}</th>" for h in labels["files"])
    rows = [
        f'<tr><td><a href="{prefix}{escape(path)}">{escape(path)}</a></td>'
        f"<td>{escape(out.mediatype)}</td>"
        f"<td>{size}</td><td><code>{sha256}</code></td></tr>"
        for path, out in _described(files, lookup)
        for size, sha256 in (digest(files, path),)
    ]
    return f'<table tabindex="0">\n<tr>{head}</tr>\n' + "\n".join(rows) + "\n</table>"


def _signature(release: Release, labels: Mapping[str, Any], prefix: str) -> str:
    """How to verify a signed release's signature (nothing for one not signed)."""
    if not release.signer:
        return ""
    from declaration import signing

    principal, key = signing.parse_line(release.signer)
    said = labels["signed"].format(
        sig=signing.PATH, sums=signing.SIGNED, fingerprint=key.fingerprint, prefix=prefix
    )
    command = signing.verify_command(principal)
    return f"""
<h2>{labels["signature"]}</h2>
<p>{said}</p>
<pre tabindex="0"><code>{escape(release.signer)}</code></pre>
<p>{labels["verify"]}</p>
<pre tabindex="0"><code>{escape(command)}</code></pre>"""


def _coverage(release: Release) -> str:
    """The dates the release covers: a day, or an ISO 8601 interval of days."""
    days = sorted({decl.date.isoformat() for decl in release})
    return days[0] if len(days) == 1 else f"{days[0]}/{days[-1]}"


def schema_org(
    release: Release,
    dataset: DatasetMeta,
    files: Mapping[str, bytes],
    lookup: Lookup,
    lang: str = "fr",
) -> dict[str, Any]:
    """The schema.org ``Dataset`` of the page, for search engines: its name and description
    in the page's language (``lang``) where the metadata give them."""
    base = dataset.base_iri
    title, _, description, _ = _titled(dataset, lang)
    sources = [decl.source.url for decl in release]
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": f"{base}/dataset",
        "identifier": f"{base}/dataset",
        "name": title,
        "citation": bundle.citation(dataset).reference,
        "description": description,
        "url": dataset.homepage,
        "version": dataset.version,
        "license": dataset.license.url,
        "keywords": list(dataset.keywords),
        "inLanguage": "fr",
        "mainEntityOfPage": {  # the page this is read from, in its own language
            "@type": "WebPage",
            "@id": dataset.homepage + ("/" if lang == "fr" else "/en/"),
            "inLanguage": lang,
        },
        "datePublished": release.first.release.date.isoformat(),
        "dateModified": dataset.created.date().isoformat(),
        "temporalCoverage": _coverage(release),
        "isBasedOn": release.one(sources),
        "creator": {
            "@type": "Organization",
            "name": f"{dataset.name} contributors",
            "url": dataset.homepage,
        },
        "publisher": {
            "@type": "Organization",
            "name": f"{dataset.name} contributors",
            "url": dataset.homepage,
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": f"{base}/{path}",
                "encodingFormat": out.mediatype,
                "contentSize": f"{size} B",
                "sha256": sha256,
            }
            for path, out in _described(files, lookup)
            for size, sha256 in (digest(files, path),)
        ],
    }


def _declarations(release: Release, labels: Mapping[str, Any], prefix: str) -> str:
    """The declarations of a corpus: each with its page, its date and its source."""
    head = "".join(f"<th>{h}</th>" for h in labels["listed"])
    rows = [
        f'<tr><td lang="fr"><a href="{prefix}{work_path(decl)}">{escape(decl.title)}</a></td>'
        f'<td><time datetime="{decl.date.isoformat()}">{decl.date.isoformat()}</time></td>'
        f'<td><a href="{escape(decl.source.url)}">{escape(decl.publisher.name)}</a></td>'
        f"<td><code>{decl.source.sha256}</code></td></tr>"
        for decl in release
    ]
    return f'<table tabindex="0">\n<tr>{head}</tr>\n' + "\n".join(rows) + "\n</table>"


def _source(release: Release, labels: Mapping[str, Any], prefix: str) -> tuple[str, str]:
    """What the release is based on, and a link to read it: the source of its one
    declaration; or, for a corpus, the list of its declarations (each with its page) and
    the declarations on one timeline."""
    decl = release.first
    if len(release) > 1:
        listed = _declarations(release, labels, prefix)
        points = [
            (d.date.isoformat(), d.date.isoformat(), f"{d.date} {d.title}", prefix + work_path(d))
            for d in release
        ]
        drawn = timeline(points, str(labels["timeline"]), "fr")
        return "", f"<h2>{labels['declarations']}</h2>\n{listed}\n{drawn}"
    read = f'\n<a href="{prefix}{work_path(decl)}">{labels["text"]}</a>'
    return read, (
        f"<h2>{labels['source']}</h2>\n"
        f'<p><a href="{escape(decl.source.url)}">{escape(decl.source.url)}</a><br>\n'
        f"SHA-256 <code>{decl.source.sha256}</code></p>"
    )


def dataset_page(
    lang: str, release: Release, files: Mapping[str, bytes], lookup: Lookup, zip_name: str
) -> bytes:
    """The dataset page, in ``lang`` (fr or en), the download first: the zip (``zip_name``
    of ``files``) and how to check it, a row per format; then what the dataset is, how to
    cite and load it, its data dictionary and every file. ``files`` are the downloads, by
    path, each described by its output (``lookup``)."""
    assert release.dataset is not None  # the site is written from a release with its facts
    dataset, labels = release.dataset, LABELS[lang]
    prefix = "" if lang == "fr" else "../"
    read, source = _source(release, labels, prefix)
    cited = bundle.citation(dataset)
    other, other_href = labels["other"]
    snippets = "\n".join(
        f"<details><summary>{escape(what)}</summary>\n"
        f'<pre tabindex="0"><code>{escape(code)}</code></pre></details>'
        for what, code in _snippets(release, lang)
    )
    size, sha256 = digest(files, zip_name)
    every = len(_described(files, lookup))
    title, title_lang, description, description_lang = _titled(dataset, lang)
    body = f"""<nav><a href="{other_href}" hreflang="{"en" if lang == "fr" else "fr"}">{other}</a>{read}
<a href="{RELEASES_PAGE}">{labels["versions"]}</a></nav>
<h1{title_lang}>{escape(title)}</h1>
<h2 id="download">{labels["download"]}</h2>
<p><a href="{prefix}{escape(zip_name)}"><strong>{escape(zip_name)}</strong></a>, {size} {labels["bytes"]},
SHA-256 <code>{sha256}</code></p>
<p>{labels["check"]}</p>
<pre tabindex="0"><code>echo "{sha256}  {escape(zip_name)}" | sha256sum -c</code></pre>
{_formats(files, lookup, labels, prefix)}{_signature(release, labels, prefix)}
<h2>{labels["about"]}</h2>
<p{description_lang}>{escape(description)}</p>
{source}
<h2>{labels["licence"]}</h2>
<p><a href="{escape(dataset.license.url)}">{escape(dataset.license.title)}</a>; {labels["code"]}</p>
<h2>{labels["version"]}</h2>
<p>{dataset.version} ({release.first.release.date.isoformat()}), <a href="{prefix}CHANGELOG.md">{labels["changelog"]}</a></p>
<h2>{labels["cite"]}</h2>
<p>{escape(cited.reference)}</p>
<details><summary>BibTeX</summary><pre tabindex="0"><code>{escape(cited.bibtex)}</code></pre></details>
<h2>{labels["load"]}</h2>
{snippets}
<h2 id="dictionary">{labels["dictionary"]}</h2>
{_dictionary(labels, lang)}
<h2>{labels["downloads"]}</h2>
<details id="files"><summary>{labels["every"]} ({every})</summary>
{_downloads(files, lookup, labels, prefix)}</details>"""
    feed = f'<link rel="alternate" type="application/atom+xml" href="{prefix}{RELEASES_FEED}">\n'
    head = feed + script_json(schema_org(release, dataset, files, lookup, lang))
    return html_page(lang, title, body, head)
