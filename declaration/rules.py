"""Every error code the library reports, with the contract it belongs to and what it means.

One catalogue for the reports that name a rule per code (SARIF), group checks by contract
(JUnit) or document the codes; a test keeps it equal to the codes the library raises.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    contract: str
    description: str


# the contracts a file of a release is checked against, in the order the validator runs them
CONTRACTS = {
    "package": "The package: its descriptor against the Data Package 2.0 profile, safe paths, "
    "sizes, and every file listed",
    "signature": "SHA256SUMS.sig is the signature of SHA256SUMS by a signer the user trusts "
    "(--trusted-signers)",
    "checksums": "SHA256SUMS gives the SHA-256 of every file of the bundle",
    "tables": "The CSV tables against their Table Schemas and keys (frictionless) and the "
    "typed row models",
    "json-schema": "The JSON-LD against its JSON Schema (Draft 2020-12, formats asserted)",
    "json-ld": "The JSON-LD expands with the bundled context and drops no term",
    "akn": "The Akoma Ntoso against the official OASIS XSD, its references, FRBR URIs and "
    "languages",
    "shacl": "The RDF graph against the SHACL shapes",
    "agreement": "Every file is what the declaration the records agree on derives",
    "source": "The source text and metadata",
    "release": "The build and publication of a release",
}

RULES = {
    # the package
    "bad-input": Rule("package", "The path is neither a directory, a datapackage.json nor a zip."),
    "io-error": Rule("package", "A file could not be read or written."),
    "file-changed": Rule(
        "package", "A file of the package changed (size or kind) while it was being validated."
    ),
    "special-file": Rule(
        "package", "A FIFO, a device or a directory stands where a file is expected."
    ),
    "unsafe-path": Rule(
        "package", "A path is absolute, hidden, a symlink, has '..', or lies outside the package."
    ),
    "too-large": Rule("package", "A file is larger than the validator reads."),
    "too-many-files": Rule("package", "The package has more files than the validator reads."),
    "missing-file": Rule("package", "A file of the release is missing."),
    "unlisted-file": Rule("package", "A file is not a file of the release."),
    "json-syntax": Rule("package", "A JSON file is not JSON (or not UTF-8)."),
    "json-depth": Rule("package", "A JSON file is nested deeper than the validator reads."),
    "descriptor-json": Rule("package", "datapackage.json is not a JSON object."),
    "descriptor-profile": Rule(
        "package",
        "The descriptor or a Table Schema departs from the official Data Package 2.0 profile.",
    ),
    "descriptor-invalid": Rule(
        "package",
        "The dataset facts of the descriptor, README, CITATION.cff and LICENSE cannot be read.",
    ),
    "descriptor-mismatch": Rule(
        "package", "The descriptor is not the one of the files and the dataset facts."
    ),
    "zip-corrupt": Rule("package", "The zip cannot be read."),
    "zip-unsafe-entry": Rule(
        "package", "A zip entry is a symlink, encrypted, absolute, or has '..' in its name."
    ),
    "zip-too-many-entries": Rule("package", "The zip has more entries than the validator reads."),
    "zip-too-large": Rule("package", "The zip's entries expand to more than the validator reads."),
    "zip-bomb": Rule("package", "A zip entry expands more than a data file can."),
    # the signature (checked when trusted signers are given)
    "signature-missing": Rule(
        "signature", "The release is not signed, and trusted signers were given."
    ),
    "signature-malformed": Rule(
        "signature",
        "SHA256SUMS.sig is not an Ed25519 sshsig signature made for the project's namespace.",
    ),
    "signature-untrusted": Rule(
        "signature", "The key that signed the release is not one of the trusted signers."
    ),
    "signature-invalid": Rule(
        "signature", "SHA256SUMS is not what was signed: a file was changed after signing."
    ),
    "signing-key": Rule("release", "The key given to sign with cannot be used."),
    "version-too-low": Rule(
        "release",
        "The version in metadata.toml is lower than the changes since the previous release "
        "call for (build --previous).",
    ),
    "diff-input": Rule(
        "release", "A release given to diff has no declaration its records agree on."
    ),
    "trusted-signers": Rule("release", "The trusted signers file cannot be read."),
    # checksums
    "checksum-syntax": Rule(
        "checksums", "A line of SHA256SUMS is not '<sha256>  <path>' of a file."
    ),
    "checksum-mismatch": Rule("checksums", "A file's SHA-256 is not the one SHA256SUMS gives."),
    "checksum-missing": Rule("checksums", "SHA256SUMS has no line for a file of the bundle."),
    "checksum-only": Rule(
        "checksums",
        "A file is what every record derives, but not the file whose SHA-256 the descriptor "
        "and SHA256SUMS both record: only the checksums betray the change.",
    ),
    # tables
    "frictionless-failed": Rule(
        "tables", "frictionless finds a table departing from its Table Schema."
    ),
    "not-utf8": Rule("tables", "A table is not UTF-8."),
    "csv-syntax": Rule("tables", "A table is not RFC 4180 CSV in the release's dialect."),
    "csv-header": Rule("tables", "A table's header is not its Table Schema's fields, in order."),
    "csv-row": Rule("tables", "A row has more or fewer cells than the header."),
    "csv-invalid": Rule("tables", "A cell is not of its field's type or breaks a constraint."),
    "csv-duplicate-key": Rule("tables", "Two rows have the same primary key."),
    "csv-foreign-key": Rule("tables", "A foreign key names no row of the table it refers to."),
    "csv-order": Rule(
        "tables",
        "The rows of a declaration are not together, in the order of declarations.csv.",
    ),
    "csv-identifiers": Rule(
        "tables", "A declaration's key or FRBR URI disagrees with the row's other cells."
    ),
    "csv-derived": Rule("tables", "A key, IRI, count or topic is not what the declaration gives."),
    "csv-count": Rule("tables", "The tables do not hold exactly the rows of the declarations."),
    # JSON Schema, JSON-LD
    "json-schema": Rule("json-schema", "The JSON-LD departs from its JSON Schema."),
    "jsonld-expansion": Rule("json-ld", "The JSON-LD cannot be expanded with the bundled context."),
    "jsonld-context": Rule("json-ld", "The JSON-LD's context is not the bundled context."),
    "jsonld-dropped": Rule("json-ld", "A term of the JSON-LD is dropped by expansion."),
    "jsonld-shape": Rule("json-ld", "A node of the JSON-LD lacks a property or has one twice."),
    "jsonld-invalid": Rule(
        "json-ld", "A value of the JSON-LD is not one the declaration can hold."
    ),
    "jsonld-derived": Rule(
        "json-ld", "A value of the JSON-LD is not what the declaration derives."
    ),
    # Akoma Ntoso
    "xml-syntax": Rule("akn", "The Akoma Ntoso is not well-formed XML."),
    "xml-doctype": Rule("akn", "The XML has a DOCTYPE or entities, which the release never has."),
    "akn-xsd": Rule("akn", "The Akoma Ntoso is not valid against the official OASIS XSD."),
    "akn-structure": Rule("akn", "An element the record needs is missing or out of place."),
    "akn-numbering": Rule("akn", "The points are not numbered 1 to N in order."),
    "akn-invalid": Rule("akn", "A value of the Akoma Ntoso is not one the declaration can hold."),
    "akn-dangling-ref": Rule("akn", "A refersTo or href names no TLC entry or element."),
    "akn-frbr": Rule("akn", "The FRBR Work, Expression and Manifestation URIs disagree."),
    "akn-language": Rule(
        "akn", "A language code is not ISO 639-2/T or disagrees with the Expression."
    ),
    # SHACL
    "shacl": Rule("shacl", "The graph breaks a SHACL shape."),
    # agreement of the files
    "unreadable-record": Rule("agreement", "A record cannot be read back as a declaration."),
    "cross-format": Rule(
        "agreement", "A record departs from the declaration the other records agree on."
    ),
    "derived-mismatch": Rule("agreement", "A derived file is not what the records derive."),
    "contract-changed": Rule(
        "agreement", "A schema is not the validator's own (weakened or replaced)."
    ),
    "bundle-mismatch": Rule(
        "agreement",
        "README, CITATION.cff or LICENSE disagrees with the dataset facts and the records.",
    ),
    "text-layout": Rule("agreement", "The plain text is not laid out as the release writes it."),
    "text-mismatch": Rule("agreement", "The plain text's paragraphs are not the declaration's."),
    "check-failed": Rule("agreement", "A check could not run on this input."),
    # the source
    "source-mismatch": Rule("source", "The records are not what the repository's source gives."),
    "source-hash": Rule("source", "The text's SHA-256 is not the one metadata.toml records."),
    "control-character": Rule("source", "The text holds a control character."),
    "mixed-newlines": Rule("source", "The text mixes line endings."),
    "line-break": Rule("source", "A paragraph is broken over lines."),
    "blank-line": Rule("source", "Blocks are not separated by exactly one blank line."),
    "no-preamble": Rule("source", "The text has no preamble before the first point."),
    "no-point": Rule("source", "The text has no numbered point."),
    "point-zero": Rule("source", "A point is numbered 0."),
    "point-repeated": Rule("source", "A point number is repeated."),
    "point-out-of-order": Rule("source", "The points are not in order."),
    "point-missing": Rule("source", "A point number is skipped."),
    "empty-point": Rule("source", "A point has no text."),
    "trailing-text": Rule(
        "source", "Text follows the last point that metadata.toml does not exclude."
    ),
    "metadata-toml": Rule("source", "metadata.toml or entities.toml is not TOML."),
    "metadata-encoding": Rule("source", "A TOML file is not UTF-8 without BOM."),
    "metadata-missing": Rule("source", "A required key of metadata.toml is missing."),
    "metadata-unknown-key": Rule("source", "metadata.toml has a key the project does not know."),
    "metadata-date": Rule("source", "A date or date-time is not valid."),
    "metadata-language": Rule("source", "A language is not an ISO 639-2/T code."),
    "metadata-url": Rule("source", "A URL or IRI is not one the formats can carry."),
    "metadata-invalid": Rule("source", "A value of metadata.toml is not valid."),
    "metadata-duplicate-id": Rule("source", "Two agents have the same id, or one a reserved id."),
    "gazetteer-duplicate": Rule("source", "entities.toml gives an id or a form twice."),
    "gazetteer-disagrees": Rule("source", "entities.toml disagrees with metadata.toml on a party."),
    "gazetteer-id-clash": Rule("source", "An entity takes the id of a party or person."),
    "gazetteer-overlap": Rule("source", "A form of entities.toml overlaps a date."),
    "gazetteer-unused": Rule("source", "An entity of entities.toml is never mentioned."),
    "model-invalid": Rule("source", "The source gives a declaration the model refuses."),
    "corpus-empty": Rule(
        "source", "A corpus's metadata.toml, and no sub-directory with a declaration."
    ),
    "too-many-annotations": Rule(
        "source",
        "A declaration, or a corpus in all, holds more mentions and dates than bounded memory "
        "allows.",
    ),
    "corpus-too-large": Rule(
        "source",
        "A corpus holds more declarations, or more bytes of published text in all, than "
        "bounded memory allows.",
    ),
    "interrupted-swap": Rule(
        "package",
        "A build or publish was interrupted while it replaced the release in this directory.",
    ),
    "corpus-mixed": Rule(
        "source", "A declaration's directory holds declarations' directories, as a corpus would."
    ),
    "corpus-unknown-entry": Rule(
        "source", "An entry of a corpus is neither a declaration's directory nor a corpus file."
    ),
    "corpus-member-link": Rule("source", "A declaration's directory of a corpus is a link."),
    "corpus-member-metadata": Rule(
        "source", "A directory of a corpus has no metadata.toml (a declaration's must)."
    ),
    "corpus-duplicate": Rule("source", "Two declarations of a corpus have the same key."),
    # the release
    "invalid-release": Rule("release", "The build would write a release its validator refuses."),
    "not-a-directory": Rule("release", "The output path is a file."),
    "source-date-epoch": Rule("release", "SOURCE_DATE_EPOCH is not a timestamp a zip can hold."),
    "usage": Rule("release", "The command line is not one the CLI takes."),
}


def rule(code: str) -> Rule:
    """The rule of a code: from the catalogue, or, for a code frictionless names
    (``frictionless-<type>``), a rule of the tables."""
    if code in RULES:
        return RULES[code]
    if code.startswith("frictionless-"):
        kind = code.removeprefix("frictionless-").replace("-", " ")
        return Rule("tables", f"frictionless finds a {kind} in a table.")
    return Rule("agreement", f"{code}.")
