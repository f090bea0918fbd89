#!/usr/bin/env bash
# The compose file's one-shot `setup` service, run as root in the Elasticsearch image. Each step is done once: a
# second `up` finds the CA, the certificates, the password and the API keys in their volumes and keeps them.
#   1. a CA and one certificate per node (es01..es03, valid for their compose names and localhost)
#   2. a random password for the `elastic` user (the nodes read it with ELASTIC_PASSWORD_FILE)
#   3. once es01 answers, one API key for the indexer and one for the explorer, limited to their indices
set -euo pipefail
cd /usr/share/elasticsearch
certs=config/certs
secrets=/run/latent-archive/secrets
nodes=(es01 es02 es03)
# The apps image runs as this user (docker/apps.Dockerfile); it must read its API key and the CA certificate.
apps_uid=10001

if [ ! -f "$certs/ca/ca.crt" ]; then
  echo "setup: creating the CA"
  bin/elasticsearch-certutil ca --silent --pem -out "$certs/ca.zip"
  unzip -q -o "$certs/ca.zip" -d "$certs" && rm "$certs/ca.zip"
fi
if [ ! -f "$certs/${nodes[-1]}/${nodes[-1]}.crt" ]; then
  echo "setup: creating the node certificates"
  echo "instances:" > "$certs/instances.yml"
  for node in "${nodes[@]}"; do
    printf '  - name: %s\n    dns: [%s, localhost]\n    ip: [127.0.0.1]\n' "$node" "$node" >> "$certs/instances.yml"
  done
  bin/elasticsearch-certutil cert --silent --pem --in "$certs/instances.yml" -out "$certs/certs.zip" \
    --ca-cert "$certs/ca/ca.crt" --ca-key "$certs/ca/ca.key"
  unzip -q -o "$certs/certs.zip" -d "$certs" && rm "$certs/certs.zip"
fi
# Keys readable by the nodes only (they run as uid 1000, group 0); the CA certificate by everyone, the CA key by no one else.
chown -R root:root "$certs"
find "$certs" -type d -exec chmod 750 {} \;
find "$certs" -type f -exec chmod 640 {} \;
chmod 755 "$certs" "$certs/ca"
chmod 644 "$certs/ca/ca.crt"
chmod 600 "$certs/ca/ca.key"

mkdir -p "$secrets"
chmod 755 "$secrets"
if [ ! -s "$secrets/elastic-password" ]; then
  echo "setup: choosing the elastic user's password"
  head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 > "$secrets/elastic-password"
fi
# The image's entry point reads *_FILE variables only from files of mode 400 or 600; the nodes run as uid 1000.
chown 1000:0 "$secrets/elastic-password"
chmod 600 "$secrets/elastic-password"
password=$(cat "$secrets/elastic-password")

es() {
  curl -s --cacert "$certs/ca/ca.crt" -u "elastic:$password" -H 'Content-Type: application/json' "$@"
}

echo "setup: waiting for es01"
until es "https://es01:9200/_cluster/health?wait_for_status=yellow&timeout=5s" | grep -q '"status"'; do
  sleep 5
done

# An API key for a program, written once to $secrets/<name>.api-key in the form clients send (base64 of id:key).
api_key() {
  local name=$1 roles=$2 file="$secrets/$1.api-key"
  if [ -s "$file" ]; then
    return
  fi
  echo "setup: creating the $name's API key"
  local answer
  answer=$(es -X POST https://es01:9200/_security/api_key -d "{\"name\": \"latent-archive-$name\", \"role_descriptors\": $roles}")
  local encoded
  encoded=$(printf '%s' "$answer" | sed -n 's/.*"encoded":"\([^"]*\)".*/\1/p')
  if [ -z "$encoded" ]; then
    echo "setup: Elasticsearch did not create the $name's API key: $answer" >&2
    exit 1
  fi
  printf '%s' "$encoded" > "$file"
  chown "$apps_uid:$apps_uid" "$file"
  chmod 400 "$file"
}

# The indexer creates and writes the artworks index (mapping updates for a new model included).
api_key indexer '{"indexer": {"cluster": ["monitor"], "indices": [
  {"names": ["artworks*"], "privileges": ["create_index", "write", "read", "view_index_metadata", "manage"]}]}}'
# The explorer reads the artworks, writes the curators' annotations, and applies tuned models (a new vector field).
api_key explorer '{"explorer": {"cluster": ["monitor"], "indices": [
  {"names": ["artworks*"], "privileges": ["read", "view_index_metadata", "write", "manage"]},
  {"names": ["annotations", "annotation_self_ranks"], "privileges": ["create_index", "read", "write", "view_index_metadata", "manage"]}]}}'
echo "setup: done"
