"""What the service knows: analysis runs, campaigns, authenticity, change over time.

Domain modules read and write through `service.graph`; they never import the web layer or the CLI.
"""
