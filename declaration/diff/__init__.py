"""What changed between two releases, record by record (``declaration diff OLD NEW``).

Each side is a bundle directory, a ``datapackage.json``, a release zip (opened with the
validator's reader: same limits, nothing fetched, the records read back and the reference
decided as the validator decides it) or a source directory (parsed as ``build`` parses it).
The releases are compared by their records, keyed by their identifiers, never by bytes: a
zip whose timestamps differ holds the same release.

- **declarations** by id; their facts (title, date, parties…) field by field;
- **paragraphs** by eId: text (the span that changed), kind, number, label;
- **entities** by id: kind, label, Wikidata id;
- **mentions** and **dates** by their spans (a span that only moved, with the same entity
  or value, is a change, not a removal);
- **topics** by paragraph and entity;
- the **dataset facts** (licence, keywords, title…), the **Table Schemas** field by field and
  the **files** added or removed.

Every change has a level (:data:`LEVELS`), as the Data Package version recipe has them:
``major`` for a removed record or a breaking schema change (a field removed, renamed,
retyped or reordered, a constraint tightened, keys changed), ``minor`` for an addition (a
record, a field, a file; a constraint loosened), ``patch`` for a correction (a value, a
descriptive fact). The release's own version and date are reported, but are not a change
of content.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from declaration.diff.side import Side, flat, open_side
from declaration.semver import Level, at_least, required_version

__all__ = [
    "LEVELS",
    "Change",
    "Diff",
    "Level",
    "Side",
    "at_least",
    "compare",
    "open_side",
    "required_version",
]

LEVELS: tuple[Level, ...] = ("patch", "minor", "major")
CONTEXT = 24  # characters shown either side of a changed span of text


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: what (a kind of record), its key, how it changed, and its level."""

    what: str  # declaration, paragraph, entity, mention, date, topic, dataset, field, file…
    key: str
    how: Literal["added", "removed", "changed"]
    detail: str = ""
    level: Level | None = "patch"  # None: reported, not a change of content (the version)

    def as_dict(self) -> dict[str, str]:
        found = {"what": self.what, "key": self.key, "how": self.how, "detail": self.detail}
        return found | ({"level": self.level} if self.level else {})


@dataclass(frozen=True, slots=True)
class Diff:
    old: str
    new: str
    old_version: str
    new_version: str
    changes: tuple[Change, ...]

    @property
    def level(self) -> Level | None:
        """The version change the differences call for (None: the same content)."""
        levels = {c.level for c in self.changes if c.level is not None}
        return max(levels, key=LEVELS.index) if levels else None

    @property
    def identical(self) -> bool:
        return self.level is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "identical": self.identical,
            "level": self.level,
            "changes": [c.as_dict() for c in self.changes],
        }


def compare(old: Side, new: Side) -> Diff:
    """The differences between two releases, in a fixed order (facts, declarations, schemas,
    files), each list sorted by its keys; linear in the size of the releases."""
    changes = [
        *_dataset(old, new),
        *_declarations(old, new),
        *_schemas(old.schemas, new.schemas),
        *_files(old.files, new.files),
    ]
    return Diff(old.name, new.name, old.version, new.version, tuple(changes))


# ------------------------------------------------------------------------ helpers


def _fields(
    what: str, key: str, old: Mapping[str, Any], new: Mapping[str, Any], level: Level = "patch"
) -> Iterator[Change]:
    """The values of two flattened records that differ, each a change of ``key``."""
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            detail = f"{name}: {_shown(old.get(name))} → {_shown(new.get(name))}"
            yield Change(what, key, "changed", detail, level)


def _shown(value: Any) -> str:
    text = "(none)" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def text_change(old: str, new: str) -> str:
    """The span of ``old`` that ``new`` replaces (the common start and end left out), with a
    little context: linear in the texts' length."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    before = old[max(0, start - CONTEXT) : start]
    after = old[len(old) - end : len(old) - end + CONTEXT]
    removed, added = old[start : len(old) - end], new[start : len(new) - end]
    lead = "…" if start > CONTEXT else ""
    tail = "…" if end > CONTEXT else ""
    return f"{lead}{before}[-{removed}-]{{+{added}+}}{after}{tail}"


def _sets(
    what: str, old: Mapping[str, Any], new: Mapping[str, Any], removed: Level = "major"
) -> tuple[list[Change], list[tuple[str, Any, Any]]]:
    """Records by key: the added and removed ones as changes, and the pairs of the keys
    both have."""
    changes = [Change(what, key, "removed", "", removed) for key in sorted(set(old) - set(new))] + [
        Change(what, key, "added", "", "minor") for key in sorted(set(new) - set(old))
    ]
    pairs = [(key, old[key], new[key]) for key in sorted(set(old) & set(new))]
    return changes, pairs


# ------------------------------------------------------------------------ the dataset

_RELEASE_FACTS = ("version", "created")  # the release's own: reported, not content


def _dataset(old: Side, new: Side) -> Iterator[Change]:
    before, after = old.facts, new.facts
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            level: Level | None = None if name in _RELEASE_FACTS else "patch"
            if name == "base_iri":
                level = "major"  # every IRI of the release changes
            detail = f"{_shown(before.get(name))} → {_shown(after.get(name))}"
            yield Change("dataset", name, "changed", detail, level)


# ------------------------------------------------------------------------ the records


def _declarations(old: Side, new: Side) -> Iterator[Change]:
    olds = {d.id: d for d in old.release}
    news = {d.id: d for d in new.release}
    changes, pairs = _sets("declaration", olds, news)
    yield from changes
    for key, a, b in pairs:
        yield from _declaration(key, a, b)


def _declaration(key: str, old: Any, new: Any) -> Iterator[Change]:
    skip = {"paragraphs", "entities", "excluded", "release"}
    before, after = (flat(d.model_dump(mode="json", exclude=skip)) for d in (old, new))
    yield from _fields("declaration", key, before, after)
    yield from _paragraphs(key, old, new)
    yield from _entities(key, old, new)
    yield from _annotations(key, old, new)


def _paragraphs(key: str, old: Any, new: Any) -> Iterator[Change]:
    olds = {p.eid: p for p in old.paragraphs}
    news = {p.eid: p for p in new.paragraphs}
    changes, pairs = _sets("paragraph", olds, news)
    for change in changes:
        yield Change(change.what, f"{key}#{change.key}", change.how, "", change.level)
    for eid, a, b in pairs:
        where = f"{key}#{eid}"
        if a.text != b.text:
            yield Change("paragraph", where, "changed", f"text: {text_change(a.text, b.text)}")
        fields = ("kind", "position", "number", "label")
        yield from _fields(
            "paragraph",
            where,
            {f: getattr(a, f) for f in fields},
            {f: getattr(b, f) for f in fields},
        )


def _entities(key: str, old: Any, new: Any) -> Iterator[Change]:
    olds = {e.id: e for e in old.entities}
    news = {e.id: e for e in new.entities}
    changes, pairs = _sets("entity", olds, news)
    yield from changes
    for entity, a, b in pairs:
        before, after = (flat(e.model_dump(mode="json", exclude={"id"})) for e in (a, b))
        yield from _fields("entity", entity, before, after)


def _spans(decl: Any, kind: str) -> dict[str, tuple[str, str, str, tuple[int, int]]]:
    """A declaration's mentions (or dates) by span: ``eid@start-end`` -> (eid, what it
    names, surface, span)."""
    found = {}
    for paragraph in decl.paragraphs:
        for span in getattr(paragraph, kind):
            named = span.entity if kind == "mentions" else f"{span.value} ({span.kind})"
            where = f"{paragraph.eid}@{span.start}-{span.end}"
            found[where] = (paragraph.eid, named, span.surface, (span.start, span.end))
    return found


def _annotations(key: str, old: Any, new: Any) -> Iterator[Change]:
    for kind, what in (("mentions", "mention"), ("dates", "date")):
        olds, news = _spans(old, kind), _spans(new, kind)
        yield from _moved(key, what, olds, news)
    olds_t, news_t = _topics(old), _topics(new)
    changes, _ = _sets("topic", olds_t, news_t)
    for change in changes:
        yield Change("topic", f"{key}#{change.key}", change.how, "", change.level)


def _moved(
    key: str,
    what: str,
    olds: Mapping[str, tuple[str, str, str, tuple[int, int]]],
    news: Mapping[str, tuple[str, str, str, tuple[int, int]]],
) -> Iterator[Change]:
    """Spans added, removed or changed; a removed span and an added one of the same
    paragraph that name the same thing with the same words are one span that moved."""
    gone = {k: v for k, v in olds.items() if k not in news}
    came = {k: v for k, v in news.items() if k not in olds}
    waiting: dict[tuple[str, str, str], list[str]] = {}
    for span in sorted(came, key=lambda k: came[k][3]):
        eid, named, surface, _ = came[span]
        waiting.setdefault((eid, named, surface), []).append(span)
    moved: dict[str, str] = {}
    for span in sorted(gone, key=lambda k: gone[k][3]):
        eid, named, surface, _ = gone[span]
        candidates = waiting.get((eid, named, surface))
        if candidates:
            moved[span] = candidates.pop(0)
    taken = set(moved.values())
    every = {**news, **olds}
    for span in sorted(every, key=lambda s: (every[s][0], every[s][3])):  # in text order
        where = f"{key}#{span}"
        if span in moved:
            detail = f"{olds[span][2]!r} ({olds[span][1]}) moved to {moved[span].split('@')[1]}"
            yield Change(what, where, "changed", detail)
        elif span in gone:
            yield Change(what, where, "removed", f"{olds[span][2]!r} ({olds[span][1]})", "major")
        elif span in came and span not in taken:
            yield Change(what, where, "added", f"{news[span][2]!r} ({news[span][1]})", "minor")
        elif span in olds and span in news and olds[span][1:3] != news[span][1:3]:
            detail = f"{olds[span][2]!r} ({olds[span][1]}) → {news[span][2]!r} ({news[span][1]})"
            yield Change(what, where, "changed", detail)


def _topics(decl: Any) -> dict[str, None]:
    from declaration.tabular.tables import topics_of

    return {f"{p.eid}/{e.id}": None for p in decl.paragraphs for e in topics_of(p, decl)}


# ------------------------------------------------------------------------ schemas and files

_LOOSER = {  # a constraint whose new value is looser when it compares so
    "minLength": lambda a, b: b <= a,
    "maxLength": lambda a, b: b >= a,
    "minimum": lambda a, b: b <= a,
    "maximum": lambda a, b: b >= a,
    "enum": lambda a, b: set(map(str, a)) <= set(map(str, b)),
    "required": lambda a, b: a and not b,
    "unique": lambda a, b: a and not b,
}


def _schemas(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    changes, pairs = _sets("table", old, new)
    yield from changes
    for table, a, b in pairs:
        yield from _table(table, a, b)


def _table(table: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    fields_a = {f.get("name"): f for f in old.get("fields", []) if isinstance(f, Mapping)}
    fields_b = {f.get("name"): f for f in new.get("fields", []) if isinstance(f, Mapping)}
    for name in sorted(set(fields_a) - set(fields_b), key=str):
        yield Change("field", f"{table}.{name}", "removed", "breaking", "major")
    for name in sorted(set(fields_b) - set(fields_a), key=str):
        yield Change("field", f"{table}.{name}", "added", "", "minor")
    common_a = [n for n in fields_a if n in fields_b]
    common_b = [n for n in fields_b if n in fields_a]
    if common_a != common_b:
        yield Change("table", table, "changed", "fields reordered: breaking", "major")
    for name in common_a:
        yield from _field(f"{table}.{name}", fields_a[name], fields_b[name])
    for part in ("primaryKey", "foreignKeys"):
        if old.get(part) != new.get(part):
            detail = f"{part}: {_shown(old.get(part))} → {_shown(new.get(part))}: breaking"
            yield Change("table", table, "changed", detail, "major")


def _field(key: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    for part in ("type", "format"):
        if old.get(part) != new.get(part):
            detail = f"{part}: {_shown(old.get(part))} → {_shown(new.get(part))}: breaking"
            yield Change("field", key, "changed", detail, "major")
    before, after = old.get("constraints") or {}, new.get("constraints") or {}
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        looser = b is None or (a is not None and name in _LOOSER and _compares(_LOOSER[name], a, b))
        detail = f"constraint {name}: {_shown(a)} → {_shown(b)}"
        if looser:
            yield Change("field", key, "changed", f"{detail} (looser)", "minor")
        else:
            yield Change("field", key, "changed", f"{detail}: breaking", "major")
    for part in ("title", "description"):
        if old.get(part) != new.get(part):
            yield Change("field", key, "changed", f"{part} changed")


def _compares(test: Any, a: Any, b: Any) -> bool:
    try:
        return bool(test(a, b))
    except TypeError:  # values of kinds that do not compare: not provably looser
        return False


def _files(old: Iterable[str], new: Iterable[str]) -> Iterator[Change]:
    changes, _ = _sets("file", dict.fromkeys(old), dict.fromkeys(new))
    yield from changes
