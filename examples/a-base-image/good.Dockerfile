# Practice a: a small official image, pinned to a supported release.
FROM python:3.12-slim-bookworm
RUN pip install --no-cache-dir pandas==2.2.2 scikit-learn==1.5.1
WORKDIR /app
COPY train.py .
RUN useradd --system --create-home --uid 10001 analyst
USER 10001
CMD ["python", "train.py"]
