# Practice d: each stanza installs, uses and cleans up in one layer.
FROM continuumio/miniconda3:24.5.0-0
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*
COPY environment.yml /tmp/environment.yml
RUN conda env create -f /tmp/environment.yml && conda clean -afy
COPY --chown=1000:1000 notebooks /home/analyst/notebooks
USER 1000
CMD ["jupyter", "lab", "--ip=0.0.0.0"]
