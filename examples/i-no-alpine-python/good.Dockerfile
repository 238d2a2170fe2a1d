# Practice i: a Debian slim image installs manylinux wheels in seconds.
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir numpy==2.0.1 pandas==2.2.2 scikit-learn==1.5.1
COPY model.py /app/model.py
RUN useradd --system --create-home --uid 10001 analyst
USER 10001
CMD ["python", "/app/model.py"]
