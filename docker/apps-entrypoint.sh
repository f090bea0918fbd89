#!/bin/sh
# The apps image's entry point: runs the Java program its command names on the project's classpath. Secrets may come
# from files (a Docker volume or secret) instead of the environment: LATENT_ARCHIVE_ES_API_KEY_FILE and
# LATENT_ARCHIVE_ES_PASSWORD_FILE, as the Elasticsearch image's own *_FILE variables do.
set -eu
if [ -n "${LATENT_ARCHIVE_ES_API_KEY_FILE:-}" ]; then
  LATENT_ARCHIVE_ES_API_KEY=$(cat "$LATENT_ARCHIVE_ES_API_KEY_FILE")
  export LATENT_ARCHIVE_ES_API_KEY
fi
if [ -n "${LATENT_ARCHIVE_ES_PASSWORD_FILE:-}" ]; then
  LATENT_ARCHIVE_ES_PASSWORD=$(cat "$LATENT_ARCHIVE_ES_PASSWORD_FILE")
  export LATENT_ARCHIVE_ES_PASSWORD
fi
exec java -cp '/opt/latent-archive/lib/*' "$@"
