from tests.api.fixtures import api_data, token_for  # noqa: F401 (fixtures)
