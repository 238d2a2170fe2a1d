# Practice i: Alpine for Python compiles the scientific stack from source (and apt-get is not there).
FROM python:3.12-alpine
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1
RUN pip install --no-cache-dir numpy==2.0.1 pandas==2.2.2 scikit-learn==1.5.1
COPY model.py /app/model.py
RUN adduser -D analyst
USER analyst
CMD ["python", "/app/model.py"]
