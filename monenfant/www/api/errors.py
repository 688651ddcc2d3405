class ApiInputError(Exception):
    """Input the API cannot serve; answered with a 4xx naming the field."""

    def __init__(self, field: str, message: str, *, status: int = 422, location: str = "query"):
        super().__init__(message)
        self.field, self.message, self.status, self.location = field, message, status, location


def error_response(api, request, location, field, message, status):
    return api.create_response(
        request, {"detail": [{"loc": [location, field], "msg": str(message)}]}, status=status
    )
