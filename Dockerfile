# Tertial: one image for the web process (gunicorn), the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1

# Pango and a font for WeasyPrint (PDF reports).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN pip install "uv==0.13.9"

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
ENV PATH="/app/.venv/bin:$PATH"

COPY . .

# Settings need a key to load; without DATABASE_URL they fall back to SQLite in
# DATA_DIR, which is thrown away. DEBUG=false gives the hashed, compressed
# manifest storage that production serves through whitenoise.
RUN SECRET_KEY=build DEBUG=false DATA_DIR=/tmp/build-data \
        python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-data

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin tertial \
    && mkdir -p /app/data/imports \
    && chown -R tertial:tertial /app/data
ENV DATA_DIR=/app/data
USER tertial

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
