# Practice g: build-time values are ARGs, declared where they are used.
ARG R_VERSION=4.4.1
FROM rocker/r-ver:${R_VERSION}
ARG R_VERSION
ARG QUARTO_VERSION=1.5.57
ARG DEBIAN_FRONTEND=noninteractive
RUN echo "R ${R_VERSION}" > /etc/r-build-info
RUN curl -fsSL -o /tmp/quarto.deb "https://github.com/quarto-dev/quarto-cli/releases/download/v${QUARTO_VERSION}/quarto-${QUARTO_VERSION}-linux-amd64.deb" \
    && dpkg -i /tmp/quarto.deb && rm /tmp/quarto.deb
RUN install2.r --error --skipinstalled data.table ggplot2 \
    && useradd --system --create-home --uid 10001 analyst
USER 10001
CMD ["R"]
