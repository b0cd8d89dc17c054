class IngestError(Exception):
    """A file that cannot be ingested; the message names the file and the reason."""

    def __init__(self, name, reason):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")
