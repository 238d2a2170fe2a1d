# Practice c: stable stanzas first, the volatile ones last; .dockerignore keeps the context small.
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --system --create-home --uid 10001 analyst
ARG BUILD_DATE
LABEL org.opencontainers.image.created=$BUILD_DATE
USER 10001
CMD ["python", "-m", "app"]
