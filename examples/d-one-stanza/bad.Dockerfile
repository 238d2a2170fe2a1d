# Practice d: setup, execute and cleanup split over layers; caches shipped.
FROM continuumio/miniconda3:24.5.0-0
RUN apt-get update
RUN apt-get install -y --no-install-recommends libgomp1
RUN rm -rf /var/lib/apt/lists/*
COPY environment.yml /tmp/environment.yml
RUN conda env create -f /tmp/environment.yml
COPY notebooks /home/analyst/notebooks
RUN chown -R 1000:1000 /home/analyst/notebooks
USER 1000
CMD ["jupyter", "lab", "--ip=0.0.0.0"]
