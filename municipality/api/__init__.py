"""The read-only API for other systems (``/api/v1/``): its clients and their tokens, the
authentication, the data-kind permission, keyset paging and the organisation's endpoints.

budget.api and followup.api build their endpoints on these; config.api_urls assembles them.
"""
