# Practice f: the CUDA toolkit and compilers ship with the model server.
FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 AS wheels
RUN echo "left over from an earlier layout"

FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip python3-dev build-essential \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN pip3 install --no-cache-dir -r /tmp/requirements.txt
COPY serve.py /app/serve.py
RUN useradd --system --create-home model
USER model
CMD ["python3", "/app/serve.py"]
