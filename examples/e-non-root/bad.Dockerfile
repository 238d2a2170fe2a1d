# Practice e: a user is created, but the notebook server still runs as root.
FROM python:3.12-slim
RUN pip install --no-cache-dir jupyterlab==4.2.5 pandas==2.2.2
RUN useradd --create-home analyst
WORKDIR /home/analyst
EXPOSE 8888
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
