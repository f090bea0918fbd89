# Elasticsearch 9.5.3 with the Latent Archive plugin installed.
# Build from the repository root after `./latent-archive build` (it makes plugin/target/*-plugin.zip):
#   docker build -f docker/elasticsearch.Dockerfile -t latent-archive/elasticsearch:9.5.3 .
# The plugin is built for exactly this Elasticsearch version; the two move together.
ARG ES_VERSION=9.5.3
FROM docker.elastic.co/elasticsearch/elasticsearch:${ES_VERSION}

COPY --chown=elasticsearch:elasticsearch plugin/target/latent-archive-0.1.0-SNAPSHOT-plugin.zip /tmp/latent-archive-plugin.zip
RUN bin/elasticsearch-plugin install --batch file:///tmp/latent-archive-plugin.zip \
 && rm /tmp/latent-archive-plugin.zip
