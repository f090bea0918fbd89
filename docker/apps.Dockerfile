# The indexer and the explorer in one image (they share most of their libraries); the compose file picks the
# program by its command. Build from the repository root:
#   docker build -f docker/apps.Dockerfile -t latent-archive/apps .
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -pl launcher -am package -DskipTests

FROM eclipse-temurin:21-jre
# The indexer fetches its default model (MobileNetV2 inside the npm package nsfwjs) with the npm client on first use.
# curl: the compose file's health check of the explorer.
RUN apt-get update && apt-get install -y --no-install-recommends npm curl && rm -rf /var/lib/apt/lists/*
# A fixed uid: docker/setup.sh gives this user its API key file. models/ holds tuned models, model-cache/ the imported
# image model; the compose file mounts a volume on each, so both outlive the container.
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /var/lib/latent-archive latent-archive \
 && install -d -o latent-archive -g latent-archive /var/lib/latent-archive/models /var/lib/latent-archive/model-cache
COPY --from=build /src/launcher/target/launcher/lib /opt/latent-archive/lib
COPY docker/apps-entrypoint.sh /usr/local/bin/latent-archive-entrypoint
USER latent-archive
WORKDIR /var/lib/latent-archive
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true" \
    LATENT_ARCHIVE_MODELS=/var/lib/latent-archive/models \
    LATENT_ARCHIVE_MODEL_CACHE=/var/lib/latent-archive/model-cache
# Default: the explorer, configured by LATENT_ARCHIVE_* variables (see README).
ENTRYPOINT ["/usr/local/bin/latent-archive-entrypoint"]
CMD ["org.latentarchive.explorer.ExplorerCommand"]
