from declaration.cli import entry

entry()
