"""Domain exception of the cost simulators."""


class SimulationError(ValueError):
    """An input is out of the range the simulators can handle.

    ``field`` names the offending input (the keyword argument of the public
    functions, or ``"date"``) so that a web form or an API can attach the
    message to the right field; ``message_fr`` is shown to parents as is.
    """

    def __init__(self, field: str, message_fr: str) -> None:
        super().__init__(f"{field}: {message_fr}")
        self.field = field
        self.message_fr = message_fr
