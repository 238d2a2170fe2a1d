# Practice h: what a linter catches before the build does.
FROM python:3.12-slim
MAINTAINER Data Team <data@example.com>
RUN cd /tmp && pip install --no-cache-dir polars==1.5.0
WORKDIR /app
COPY app.py .
RUN useradd --system --create-home analyst
USER analyst
CMD python app.py
