# Endings Coach: a small image that runs as an unprivileged user and reports its health.
#   docker build -t endings-coach .
#   docker run --env-file .env -p 3000:3000 endings-coach
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE requirements.lock ./
COPY bot bot
COPY templates templates
# The project as a wheel, and every runtime dependency as a wheel, at the locked versions.
RUN pip wheel --no-cache-dir --no-deps -w /wheels . \
 && pip wheel --no-cache-dir -c requirements.lock -w /wheels /wheels/endings_coach-*.whl

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=3000 \
    DATABASE_URL=sqlite:////data/endings-coach.sqlite3
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels endings-coach \
 && rm -rf /wheels \
 && useradd --system --uid 10001 --home-dir /data --create-home coach
USER coach
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
# GET /healthz on PORT, in Socket Mode and in HTTP mode: the database and, in Socket Mode, the
# WebSocket connection to Slack.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["endings-coach", "healthcheck"]
CMD ["endings-coach"]
