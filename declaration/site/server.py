"""The site's server rules (Apache ``.htaccess``): IRIs that resolve by content negotiation.

The site answers at the root of its host, which the base IRI (a w3id.org namespace) points
to. The Work IRI, the Expression IRI and every paragraph IRI name the declaration, not a
file: they are answered ``303 See Other`` with the file that describes them in the type
asked for (``text/html`` the page, a paragraph landing on its anchor; ``text/turtle``,
``application/ld+json``, ``application/n-quads`` the graph; ``application/akn+xml`` or
``application/xml`` the Akoma Ntoso). The dataset and catalogue IRIs are answered the same
way with the dataset page and the DCAT-AP catalogue. Every file is served with its media
type, and every negotiated answer says ``Vary: Accept``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from declaration.model import Declaration
from declaration.output import Output
from declaration.release import MEMBER, Release
from declaration.site.catalog import FILES as CATALOG


def _name_pattern(out: Output) -> str:
    """The end of the names of an output's files (a declaration's: after its key)."""
    name = out.path.rsplit("/", 1)[-1]
    if out.per_declaration:
        return re.escape(name.removeprefix(MEMBER.rsplit("/", 1)[-1])) + "$"
    return "^" + re.escape(name) + "$"


def _types(outputs: Sequence[Output]) -> list[str]:
    """Each file served with its output's media type: by its extension, as the most of the
    outputs with that extension are; the others, and the files with no extension, by the
    end of their names."""
    by_suffix: dict[str, list[Output]] = {}
    for out in outputs:
        name = out.path.rsplit("/", 1)[-1]
        by_suffix.setdefault(name.rsplit(".", 1)[-1] if "." in name else "", []).append(out)
    lines, forced = [], []
    for suffix, group in sorted(by_suffix.items()):
        kinds = Counter(out.mediatype for out in group)
        usual = max(sorted(kinds), key=lambda kind: kinds[kind]) if suffix else None
        if usual is not None:
            lines.append(f"AddType {usual} .{suffix}")
        for out in group:
            if out.mediatype != usual:
                forced.append((_name_pattern(out), out.mediatype))
    for pattern, kind in dict.fromkeys(forced):
        lines += [f'<FilesMatch "{pattern}">', f"  ForceType {kind}", "</FilesMatch>"]
    return lines


def htaccess(release: Release, outputs: Sequence[Output]) -> bytes:
    """The rules, for the site's root directory."""
    lines = [
        "# Content negotiation for the IRIs of the dataset (generated; see declaration.site.server)",
        "Options -MultiViews -Indexes",
        "DirectoryIndex index.html",
        "AddDefaultCharset utf-8",
        *_types(outputs),
        "RewriteEngine On",
        *_negotiation(release, outputs, ""),
        "",
        'Header always append Vary Accept "env=REDIRECT_negotiated"',
        'Header always append Vary Accept "env=negotiated"',
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def w3id_htaccess(release: Release, outputs: Sequence[Output], site_url: str) -> bytes:
    """The rules for the namespace's folder of the w3id.org repository: the same negotiation,
    answered by the file's address on the site at ``site_url``, so that the host needs no
    rules of its own (any static host will do); every other path goes to the same path on
    the site."""
    decl = release.first
    lines = [
        f"# w3id.org rules for {decl.iri.rsplit(decl.work_uri, 1)[0]} (generated; see "
        "declaration.site.server)",
        f"# The files are served at {site_url}/",
        "Options -MultiViews",
        "RewriteEngine On",
        *_negotiation(release, outputs, site_url),
        "",
        "# Everything else: the same path on the site.",
        f"RewriteRule ^(.*)$ {site_url}/$1 [R=302,L]",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _negotiation(release: Release, outputs: Sequence[Output], target: str) -> list[str]:
    """The rewrite rules that answer each declaration's, the dataset's and the catalogue's
    IRIs with the file of the type asked for, at ``target`` + its path (``target`` empty:
    this host)."""
    lines = []
    for decl in release:
        lines += _declaration(release, outputs, decl, target)
    lines += ["", "# The dataset and its catalogue."]
    for path, kinds in CATALOG.items():
        lines += [
            "RewriteCond %{HTTP_ACCEPT} !text/html",
            f"RewriteCond %{{HTTP_ACCEPT}} {'|'.join(re.escape(kind) for kind in kinds)}",
            f"RewriteRule ^(dataset|catalog)$ {target}/{path} [R=303,L,E=negotiated:1]",
        ]
    lines.append(f"RewriteRule ^(dataset|catalog)$ {target}/ [R=303,L,E=negotiated:1]")
    return lines


def _declaration(
    release: Release, outputs: Sequence[Output], decl: Declaration, target: str
) -> list[str]:
    """The rules of one declaration's IRIs: each answered by the file of the declaration
    whose output negotiates the type asked for."""
    work = re.escape(decl.work_uri.strip("/"))
    expression = re.escape(decl.expression_uri.rsplit("/", 1)[1])
    named = f"^{work}(/{expression})?(/~[a-z0-9_]+)?$"
    lines = [
        "",
        f"# The declaration{'' if len(release) == 1 else f' {decl.id}'}: a browser gets the page (a "
        "paragraph its anchor); RDF and XML",
        "# clients get the file in the type they ask for.",
    ]
    for out in outputs:
        if not out.per_declaration or out.accept is None:
            continue
        kind, path = out.accept, release.path(out.path, decl.id)
        lines += [
            "RewriteCond %{HTTP_ACCEPT} !text/html",
            f"RewriteCond %{{HTTP_ACCEPT}} {kind}",
            f"RewriteRule {named} {target}/{path} [R=303,L,E=negotiated:1]",
        ]
    lines += [
        f"RewriteRule ^({work})/~([a-z0-9_]+)$ {target}/$1/#$2 [R=303,NE,L,E=negotiated:1]",
        f"RewriteRule ^({work})(/{expression})?$ {target}/$1/ [R=303,L,E=negotiated:1]",
    ]
    return lines
