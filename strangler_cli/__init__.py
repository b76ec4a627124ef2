"""The `strangler` command line: one module per subcommand under strangler_cli.commands."""
