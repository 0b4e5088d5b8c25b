"""The `influence-map` command: one module per command group, assembled in `service.cli.main`."""
