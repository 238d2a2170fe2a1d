# Practice h: lint clean (run `stanzalint check` in CI and in the editor).
FROM python:3.12-slim
LABEL org.opencontainers.image.authors="Data Team <data@example.com>"
RUN pip install --no-cache-dir polars==1.5.0
WORKDIR /app
COPY app.py .
RUN useradd --system --create-home --uid 10001 analyst
USER 10001
CMD ["python", "app.py"]
