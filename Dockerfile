# syntax=docker/dockerfile:1
# Drydock's command line in a small image: a static (musl) binary on an
# empty base, run as a non-root user.
#   docker build -t drydock .
#   docker run --rm -i drydock lint - < Dockerfile
# Not built by `make test`: Docker cannot run on the machines the project
# is developed on (see the README). `make test` lints this file.

# rust:*-alpine has musl-dev and gcc: the binary is static.
FROM rust:1.88-alpine3.22 AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --profile release-cli -p drydock-cli \
    && cp target/release-cli/drydock /usr/local/bin/drydock

FROM scratch
COPY --from=build /usr/local/bin/drydock /drydock
USER 65532:65532
ENTRYPOINT ["/drydock"]
CMD ["--help"]
