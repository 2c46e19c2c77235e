"""The declaration's page, at the path of its Work IRI: its text exactly as published, each
paragraph an anchor with its permalink; what it says drawn as a timeline of the dates it
names and an index of the entities and instruments it mentions (inline SVG and tables, no
script); its own schema.org metadata and a ``<link rel="alternate">`` per representation.

schema.org type: ``Legislation``. ELI's mapping to schema.org maps every ``eli:LegalResource``
to ``Legislation``, and the release names the declaration as ELI and Akoma Ntoso do (a Work,
its French Expression); a joint declaration is not law, so the type is qualified rather than
replaced: ``legislationType`` says "joint declaration", and ``legislationLegalForce`` is left
out (its values, in force or not, are those of binding acts)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from declaration import ids, registry
from declaration.site.figures import timeline
from declaration.site.pages import html_page, script_json, work_path

if TYPE_CHECKING:
    from declaration.model import Declaration, Mention, Paragraph, TemporalExpression
    from declaration.release import Release

PRINT = """
@media print{nav,.figure svg{display:none}body{max-width:none;font-size:11pt}
.permalink code::before{content:"IRI : "}a.mention{color:inherit;text-decoration:none}
.paragraph{break-inside:avoid;margin:.75rem 0}}
""".strip()


def _entity_link(decl: Declaration, mention: Mention, inner: str) -> str:
    entity = next(e for e in decl.entities if e.id == mention.entity)
    if entity.kind == "instrument":
        inner = f"<cite>{inner}</cite>"
    if entity.wikidata:
        href = f"https://www.wikidata.org/wiki/{entity.wikidata}"
        return f'<a class="mention" href="{href}" title="{escape(entity.label)}">{inner}</a>'
    return f'<span class="mention" title="{escape(entity.label)}">{inner}</span>'


def _date(date: TemporalExpression) -> str:
    surface = date.surface
    if date.days is None:
        return f'<time datetime="{escape(date.value)}">{escape(surface)}</time>'
    (a, b, first), (c, d, last) = date.days
    return (
        f'{escape(surface[:a])}<time datetime="{first}">{escape(surface[a:b])}</time>'
        f'{escape(surface[b:c])}<time datetime="{last}">{escape(surface[c:d])}</time>'
        f"{escape(surface[d:])}"
    )


def marked_up(decl: Declaration, paragraph: Paragraph) -> str:
    """The paragraph's text with its mentions and dates marked up, character for character."""
    from declaration.model import Mention

    spans: list[Mention | TemporalExpression] = sorted(
        [*paragraph.mentions, *paragraph.dates], key=lambda s: s.start
    )
    out, offset = [], 0
    for span in spans:
        out.append(escape(paragraph.text[offset : span.start]))
        if isinstance(span, Mention):
            out.append(_entity_link(decl, span, escape(span.surface)))
        else:
            out.append(_date(span))
        offset = span.end
    out.append(escape(paragraph.text[offset:]))
    return "".join(out)


# ------------------------------------------------------------------- what it says


def _days(value: str) -> tuple[str, str] | None:
    """The first and last day a date's normalised value covers (``YYYY``, ``YYYY-MM``,
    ``YYYY-MM-DD`` or an interval of two of them), as ISO dates; None for another kind."""
    parts = value.split("/")
    if len(parts) > 2:
        return None
    first, last = _bounds(parts[0]), _bounds(parts[-1])
    if first is None or last is None:
        return None
    return first[0], last[1]


def _bounds(part: str) -> tuple[str, str] | None:
    import calendar
    import re

    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", part)
    if match is None:
        return None
    year, month, day = int(match[1]), match[2], match[3]
    if day:
        return part, part
    if month:
        end = calendar.monthrange(year, int(month))[1]
        return f"{year:04d}-{month}-01", f"{year:04d}-{month}-{end:02d}"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def _timeline(decl: Declaration) -> str:
    points = []
    for paragraph in decl.paragraphs:
        for found in paragraph.dates:
            covered = _days(found.value)
            if covered is not None:
                label = f"{found.surface} ({found.value}), {paragraph.label or paragraph.eid}"
                points.append((*covered, label, f"#{paragraph.eid}"))
    return timeline(points, "Les dates que nomme la déclaration")


def _index(decl: Declaration) -> str:
    """The entities and instruments the text mentions: how often, and in which paragraphs."""
    where: dict[str, list[str]] = {}
    for paragraph in decl.paragraphs:
        for mention in paragraph.mentions:
            where.setdefault(mention.entity, []).append(paragraph.eid)
    rows = []
    for entity in sorted(decl.entities, key=lambda e: (e.kind, e.label.casefold(), e.id)):
        found = where.get(entity.id, [])
        if not found:
            continue
        label = escape(entity.label)
        if entity.wikidata:
            label = f'<a href="https://www.wikidata.org/wiki/{entity.wikidata}">{label}</a>'
        links = ", ".join(f'<a href="#{eid}">{eid}</a>' for eid in dict.fromkeys(found))
        rows.append(
            f"<tr><td>{label}</td><td>{entity.kind}</td><td>{len(found)}</td><td>{links}</td></tr>"
        )
    head = "<tr><th>entité</th><th>type</th><th>mentions</th><th>paragraphes</th></tr>"
    return f'<table tabindex="0">\n{head}\n' + "\n".join(rows) + "\n</table>"


# ------------------------------------------------------------------- the page


def _representations(release: Release, decl: Declaration, up: str) -> list[tuple[str, str]]:
    """Each representation of the declaration the site serves: (media type, href)."""
    found = []
    for out in registry.OUTPUTS:
        if out.negotiated and out.per_declaration:
            found.append((out.mediatype, up + release.path(out.path, decl.id)))
    return found


def schema_org(release: Release, decl: Declaration, up: str) -> dict[str, Any]:
    assert release.dataset is not None
    work = decl.iri
    return {
        "@context": "https://schema.org/",
        "@type": "Legislation",
        "@id": work,
        "identifier": work,
        "legislationIdentifier": work,
        "legislationType": "joint declaration (not legally binding)",
        "name": decl.title,
        "datePublished": decl.date.isoformat(),
        "legislationDate": decl.date.isoformat(),
        "inLanguage": "fr",
        "isBasedOn": decl.source.url,
        "isPartOf": {"@type": "Dataset", "@id": ids.dataset_iri(release.dataset.base_iri)},
        "publisher": {
            "@type": "Organization",
            "name": decl.publisher.name,
            "url": decl.publisher.url,
        },
        "legislationPassedBy": [
            {
                "@type": "Organization",
                "name": party.name,
                **(
                    {"sameAs": f"https://www.wikidata.org/entity/{party.wikidata}"}
                    if party.wikidata
                    else {}
                ),
            }
            for party in decl.parties
        ],
        "encoding": [
            {
                "@type": "MediaObject",
                "encodingFormat": kind,
                "contentUrl": f"{release.dataset.base_iri}/{href}",
            }
            for kind, href in _representations(release, decl, "")
        ],
    }


def declaration_page(release: Release, decl: Declaration) -> bytes:
    path = work_path(decl)
    up = "../" * path.count("/")
    parts = [
        f'<nav><a href="{up}index.html">Jeu de données</a></nav>',
        f'<h1 lang="fr">{escape(decl.title)}</h1>',
        f'<p>{escape(decl.place)}, <time datetime="{decl.date.isoformat()}">'
        f"{decl.date.isoformat()}</time>. Source : "
        f'<a href="{escape(decl.source.url)}">{escape(decl.publisher.name)}</a>.</p>',
    ]
    for paragraph in decl.paragraphs:
        label = f'<span class="num">{escape(paragraph.label)}</span> ' if paragraph.label else ""
        iri = decl.paragraph_iri(paragraph)
        parts.append(
            f'<section class="paragraph" id="{paragraph.eid}">\n'
            f'<p>{label}<span class="text">{marked_up(decl, paragraph)}</span></p>\n'
            f'<p class="permalink"><a href="#{paragraph.eid}">#{paragraph.eid}</a> '
            f"<code>{escape(iri)}</code></p>\n</section>"
        )
    parts.append("<h2>Ce qu’elle nomme</h2>")
    parts.append(_timeline(decl))
    parts.append(_index(decl))
    alternates = "".join(
        f'<link rel="alternate" type="{kind}" href="{escape(href)}">\n'
        for kind, href in _representations(release, decl, up)
    )
    head = f"<style>{PRINT}</style>\n{alternates}{script_json(schema_org(release, decl, up))}"
    return html_page("fr", decl.title, "\n".join(parts), head)
