# syntax=docker/dockerfile:1
# stanzalint's own image: the language server (stanzalint serve --tcp) and the CLI.
#   docker build -t stanzalint .
#   docker run --rm -p 2087:2087 stanzalint                              # language server on TCP 2087
#   docker run --rm -v "$PWD:/work" stanzalint check /work/Dockerfile    # the CLI
ARG PYTHON_VERSION=3.12.8
ARG DEBIAN_RELEASE=bookworm

FROM python:${PYTHON_VERSION}-slim-${DEBIAN_RELEASE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY server/ server/
RUN python -m pip wheel --no-cache-dir --no-deps --wheel-dir /wheels . \
    && python -m venv /opt/stanzalint \
    && /opt/stanzalint/bin/pip install --no-cache-dir --constraint constraints.txt /wheels/*.whl

FROM python:${PYTHON_VERSION}-slim-${DEBIAN_RELEASE}
LABEL org.opencontainers.image.title="stanzalint" \
      org.opencontainers.image.description="Dockerfile language server and linter" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="https://github.com/stanzalint/stanzalint"
ENV PATH=/opt/stanzalint/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
COPY --from=builder /opt/stanzalint /opt/stanzalint
WORKDIR /work
USER 10001:10001
EXPOSE 2087
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import socket; socket.create_connection(('127.0.0.1', 2087), 2).close()"]
ENTRYPOINT ["stanzalint"]
CMD ["serve", "--tcp", "0.0.0.0:2087"]
