# Endings Coach: a small image that runs as an unprivileged user and reports its health.
#   docker build -t endings-coach .
#   docker run --env-file .env -p 3000:3000 endings-coach
# The base is pinned by tag and by the digest of its multi-platform index (amd64 and arm64), so a
# rebuild gets the same Python and Debian. To move it on, read the current digest with
# `docker buildx imagetools inspect python:3.11-slim` and change both lines.
FROM python:3.11.14-slim@sha256:c8271b1f627d0068857dce5b53e14a9558603b527e46f1f901722f935b786a39 AS build
WORKDIR /src
# The runtime dependencies as pyproject.toml names them: a file that changes only when they do.
COPY pyproject.toml ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" > runtime.txt
COPY README.md LICENSE ./
COPY bot bot
COPY templates templates
RUN pip wheel --no-cache-dir --no-deps -w /wheels .

FROM python:3.11.14-slim@sha256:c8271b1f627d0068857dce5b53e14a9558603b527e46f1f901722f935b786a39
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PORT=3000 \
    DATABASE_URL=sqlite:////data/endings-coach.sqlite3
# Dependencies first, at the locked versions: this layer is rebuilt when they or requirements.lock
# change, not when the code does.
COPY --from=build /src/runtime.txt /tmp/deps/
COPY requirements.lock /tmp/deps/
RUN pip install --no-cache-dir -c /tmp/deps/requirements.lock -r /tmp/deps/runtime.txt \
 && rm -rf /tmp/deps \
 && useradd --system --uid 10001 --home-dir /data --create-home coach
# Then the code: the project's wheel, mounted for the install only (no layer keeps a copy of it).
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-deps /wheels/endings_coach-*.whl
USER coach
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
# GET /healthz on PORT, in Socket Mode and in HTTP mode: the database and, in Socket Mode, the
# WebSocket connection to Slack.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["endings-coach", "healthcheck"]
# The bot upgrades the database as it starts (`endings-coach migrate` does only that).
CMD ["endings-coach"]
