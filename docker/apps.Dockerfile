# The indexer and the explorer in one image (they share most of their libraries); the compose file picks the
# program by its command. Build from the repository root:
#   docker build -f docker/apps.Dockerfile -t latent-archive/apps .
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -pl launcher -am package -DskipTests

FROM eclipse-temurin:21-jre
RUN useradd --system --create-home --home-dir /var/lib/latent-archive latent-archive
COPY --from=build /src/launcher/target/launcher/lib /opt/latent-archive/lib
USER latent-archive
WORKDIR /var/lib/latent-archive
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
# Default: the explorer, configured by LATENT_ARCHIVE_* variables (see README).
ENTRYPOINT ["java", "-cp", "/opt/latent-archive/lib/*"]
CMD ["org.latentarchive.explorer.ExplorerApp"]
