from tavana.cli import main

main()
