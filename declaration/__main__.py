from declaration.cli import main

main()
