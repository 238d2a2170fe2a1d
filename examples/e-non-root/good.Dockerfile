# Practice e: the notebook server runs as the user the image creates.
FROM python:3.12-slim
RUN pip install --no-cache-dir jupyterlab==4.2.5 pandas==2.2.2 \
    && useradd --create-home --uid 10001 analyst
WORKDIR /home/analyst
USER 10001
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
