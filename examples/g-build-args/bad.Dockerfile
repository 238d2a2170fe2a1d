# Practice g: build-time values scattered, lost, or persisted.
ARG R_VERSION=4.4.1
FROM rocker/r-ver:4.4.1
ARG CRAN_SNAPSHOT=2024-08-01
ENV DEBIAN_FRONTEND=noninteractive
RUN echo "R ${R_VERSION}" > /etc/r-build-info
RUN curl -fsSL -o /tmp/quarto.deb https://github.com/quarto-dev/quarto-cli/releases/download/v1.5.57/quarto-1.5.57-linux-amd64.deb \
    && dpkg -i /tmp/quarto.deb && rm /tmp/quarto.deb
RUN install2.r --error --skipinstalled data.table ggplot2
RUN useradd --system --create-home analyst
USER analyst
CMD ["R"]
