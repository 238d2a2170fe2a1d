# Practice c: the cache breaks on every source change and every build.
FROM python:3.12-slim
ARG BUILD_DATE
LABEL org.opencontainers.image.created=$BUILD_DATE
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
RUN useradd --system --create-home analyst
USER analyst
CMD ["python", "-m", "app"]
