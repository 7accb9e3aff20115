#!/bin/sh
# Writes a deterministic, realistic Dockerfile of about BYTES bytes (default 4,000,000) to stdout:
# multi-stage application builds in the style of real projects (global ARGs, FROM with digests and
# variables, ENV/LABEL blocks, long `apt-get`/`apk`/`pip` RUN chains with line continuations,
# heredoc scripts, COPY --from/--chown, exec-form CMD/ENTRYPOINT, HEALTHCHECK, USER, comments).
# Used by scripts/bench.sh for the Dockerfile front end's throughput.
set -eu
bytes=${1:-4000000}
awk -v limit="$bytes" 'BEGIN {
    total = 0
    for (i = 0; total < limit; i++) {
        n = 0
        block[n++] = "# syntax=docker/dockerfile:1"
        block[n++] = "# Build and runtime images for service " i "."
        block[n++] = "ARG PYTHON_VERSION=3.12." (i % 9)
        block[n++] = "ARG DEBIAN_RELEASE=bookworm"
        block[n++] = "ARG APP_VERSION=1." (i % 40) "." (i % 7)
        block[n++] = ""
        block[n++] = "FROM --platform=$BUILDPLATFORM python:${PYTHON_VERSION}-slim-${DEBIAN_RELEASE} AS build-" i
        block[n++] = "ARG APP_VERSION"
        block[n++] = "ENV PIP_NO_CACHE_DIR=1 \\"
        block[n++] = "    PIP_DISABLE_PIP_VERSION_CHECK=1 \\"
        block[n++] = "    PYTHONDONTWRITEBYTECODE=1"
        block[n++] = "WORKDIR /src"
        block[n++] = "# Toolchain for native wheels; the lists are removed in the same layer."
        block[n++] = "RUN set -eux; \\"
        block[n++] = "    apt-get update; \\"
        block[n++] = "    apt-get install -y --no-install-recommends \\"
        block[n++] = "        build-essential \\"
        block[n++] = "        ca-certificates \\"
        block[n++] = "        curl \\"
        block[n++] = "        git \\"
        block[n++] = "        libffi-dev \\"
        block[n++] = "        libpq-dev \\"
        block[n++] = "        libssl-dev \\"
        block[n++] = "    ; \\"
        block[n++] = "    rm -rf /var/lib/apt/lists/*"
        block[n++] = "COPY --link requirements.txt constraints.txt ./"
        block[n++] = "RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \\"
        block[n++] = "    python -m venv /opt/venv && \\"
        block[n++] = "    /opt/venv/bin/pip install --upgrade pip setuptools wheel && \\"
        block[n++] = "    /opt/venv/bin/pip install -r requirements.txt -c constraints.txt"
        block[n++] = "COPY . ."
        block[n++] = "RUN /opt/venv/bin/pip install --no-deps . && \\"
        block[n++] = "    find /opt/venv -name \"*.pyc\" -delete && \\"
        block[n++] = "    echo \"built version ${APP_VERSION} at $(date -u +%Y-%m-%dT%H:%M:%SZ)\" > /opt/venv/BUILD_INFO"
        block[n++] = "RUN <<EOF"
        block[n++] = "#!/bin/sh"
        block[n++] = "set -e"
        block[n++] = "python -m compileall -q /opt/venv/lib"
        block[n++] = "if [ -d /src/static ]; then cp -r /src/static /opt/static; fi"
        block[n++] = "EOF"
        block[n++] = ""
        block[n++] = "FROM python:${PYTHON_VERSION}-slim-${DEBIAN_RELEASE}@sha256:" sprintf("%08x", i * 2654435761 % 4294967296) "a3f1c2d4e5b6a7980f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566"
        block[n++] = "LABEL org.opencontainers.image.title=\"service-" i "\" \\"
        block[n++] = "      org.opencontainers.image.version=\"${APP_VERSION}\" \\"
        block[n++] = "      org.opencontainers.image.source=\"https://example.com/team/service-" i "\" \\"
        block[n++] = "      maintainer=\"platform-team@example.com\""
        block[n++] = "ENV PATH=\"/opt/venv/bin:$PATH\" APP_HOME=/app APP_PORT=" (8000 + i % 1000)
        block[n++] = "RUN groupadd --system --gid 10001 app && \\"
        block[n++] = "    useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app && \\"
        block[n++] = "    apt-get update && apt-get install -y --no-install-recommends libpq5 tini && \\"
        block[n++] = "    rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*"
        block[n++] = "COPY --from=build-" i " --chown=app:app /opt/venv /opt/venv"
        block[n++] = "COPY --chown=app:app docker/entrypoint.sh /usr/local/bin/entrypoint.sh"
        block[n++] = "WORKDIR $APP_HOME"
        block[n++] = "EXPOSE " (8000 + i % 1000) "/tcp"
        block[n++] = "USER app:app"
        block[n++] = "HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\"
        block[n++] = "    CMD curl -fsS \"http://localhost:${APP_PORT}/health\" || exit 1"
        block[n++] = "STOPSIGNAL SIGTERM"
        block[n++] = "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/usr/local/bin/entrypoint.sh\"]"
        block[n++] = "CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"--workers\", \"4\", \"app.wsgi:application\"]"
        block[n++] = ""
        for (k = 0; k < n; k++) { print block[k]; total += length(block[k]) + 1 }
    }
}'
