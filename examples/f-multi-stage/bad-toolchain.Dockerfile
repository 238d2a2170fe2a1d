# Practice f: compilers installed to build wheels stay in the image that ships.
FROM python:3.12-slim-trixie
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential gfortran libopenblas-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt
COPY serve.py /app/serve.py
RUN useradd --system --create-home --uid 10001 model
USER 10001
CMD ["python", "/app/serve.py"]
