# Practice f: the final stage only runs a static binary, yet ships a whole distribution.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
RUN CGO_ENABLED=0 go build -trimpath -o /out/server ./cmd/server

FROM debian:bookworm-slim
COPY --from=build /out/server /usr/local/bin/server
USER 10001
EXPOSE 8080
ENTRYPOINT ["server"]
