# Practice a: a full, floating, end-of-life base image from an unofficial publisher.
FROM python:3.8
RUN pip install --no-cache-dir pandas==2.0.3 scikit-learn==1.3.2
WORKDIR /app
COPY train.py .
RUN useradd --system --create-home analyst
USER analyst
CMD ["python", "train.py"]
