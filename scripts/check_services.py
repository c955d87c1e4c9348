"""Say clearly, before the test run, when PostgreSQL or Redis cannot be reached."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

import psycopg
import redis


def main() -> int:
    database_url = os.environ["DATABASE_URL"]
    redis_url = os.environ["REDIS_URL"]
    problems = []
    parts = urlsplit(database_url)
    try:
        # The test run creates its own database; the server's maintenance database must answer.
        maintenance = parts._replace(path="/postgres").geturl()
        psycopg.connect(maintenance, connect_timeout=5).close()
    except psycopg.Error as error:
        problems.append(
            f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} "
            f"(DATABASE_URL): {str(error).strip()}"
        )
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        problems.append(f"Redis is not reachable at {redis_url} (REDIS_URL): {error}")
    for problem in problems:
        print(f"make test: {problem}", file=sys.stderr)
    if problems:
        print(
            "make test: start the services (see README, 'Running the tests') or point "
            "DATABASE_URL and REDIS_URL at running ones.",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
