# Practice b: code fetched and run without checks.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl bzip2 \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://micro.mamba.pm/install.sh | bash
ADD https://github.com/conda-forge/miniforge/releases/latest/download/Miniforge3-Linux-x86_64.sh /tmp/miniforge.sh
RUN curl -k -fsSL -o /tmp/environment.yml https://example.com/environment.yml
RUN useradd --system --create-home analyst
USER analyst
CMD ["bash"]
