"""Use cases: importers + domain + storage composed. This is the Python API researchers call."""
