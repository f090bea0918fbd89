// The official Elasticsearch JavaScript client against a development node: info(), a vector_neighbours search with a
// filter, a vector_clusters aggregation with a sub-aggregation and a latent walk through transport.request.
// Usage: node client-check.mjs http://127.0.0.1:9200
// Prints one JSON line per call; exits non-zero (with the reason on stderr) as soon as a call fails or answers
// something other than expected.
import { Client } from '@elastic/elasticsearch';

const url = process.argv[2];
const index = 'js-client-check';
const client = new Client({ node: url, requestTimeout: 30000 });

function check(condition, what) {
  if (!condition) {
    throw new Error(`unexpected answer: ${what}`);
  }
}

// Two groups of artworks pointing two ways: a-* near (1, 0, 0), b-* near (0, 1, 0).
const artworks = [];
for (let i = 0; i < 6; i++) {
  artworks.push({ id: `a-${i}`, group: 'a', vec: [1, 0.05 * i, 0.02 * (5 - i)] });
  artworks.push({ id: `b-${i}`, group: 'b', vec: [0.05 * i, 1, 0.03 * i] });
}

async function main() {
  const info = await client.info();
  check(info.tagline === 'You Know, for Search', `info() tagline ${info.tagline}`);
  check(typeof info.version?.number === 'string' && info.version.number.startsWith('9.'), `info() version ${JSON.stringify(info.version)}`);
  console.log(JSON.stringify({ call: 'info', name: info.name, cluster_uuid: info.cluster_uuid, version: info.version.number }));

  if (await client.indices.exists({ index })) {
    await client.indices.delete({ index });
  }
  await client.indices.create({
    index,
    settings: { number_of_shards: 2, number_of_replicas: 0 },
    mappings: {
      properties: {
        group: { type: 'keyword' },
        vec: { type: 'dense_vector', dims: 3, index: true, similarity: 'cosine' },
      },
    },
  });
  const bulk = await client.bulk({
    refresh: true,
    operations: artworks.flatMap(({ id, group, vec }) => [{ index: { _index: index, _id: id } }, { group, vec }]),
  });
  check(bulk.errors === false, `bulk errors ${JSON.stringify(bulk.items.filter((i) => i.index.error))}`);

  const neighbours = await client.search({
    index,
    size: 3,
    _source: false,
    query: {
      bool: {
        must: { vector_neighbours: { field: 'vec', id: 'a-0', direction: 'nearest' } },
        filter: { term: { group: 'a' } },
      },
    },
  });
  const ids = neighbours.hits.hits.map((h) => h._id);
  check(ids.length === 3 && ids.every((id) => id.startsWith('a-') && id !== 'a-0'), `vector_neighbours hits ${ids}`);
  check(ids[0] === 'a-1', `vector_neighbours nearest to a-0 is ${ids[0]}, expected a-1`);
  console.log(JSON.stringify({ call: 'vector_neighbours', ids }));

  const clusters = await client.search({
    index,
    size: 0,
    aggs: {
      clusters: {
        vector_clusters: { field: 'vec', k: 2, seed: 0, representatives: 2 },
        aggs: { groups: { terms: { field: 'group' } } },
      },
    },
  });
  const buckets = clusters.aggregations.clusters.buckets;
  check(buckets.length === 2, `vector_clusters buckets ${JSON.stringify(buckets)}`);
  for (const bucket of buckets) {
    const groups = bucket.groups.buckets;
    check(bucket.doc_count === 6 && groups.length === 1 && groups[0].doc_count === 6,
      `vector_clusters bucket ${JSON.stringify(bucket)} does not hold one whole group`);
  }
  console.log(JSON.stringify({ call: 'vector_clusters', groups: buckets.map((b) => b.groups.buckets[0].key) }));

  const walk = await client.transport.request({
    method: 'POST',
    path: `/${encodeURIComponent(index)}/_latent_walk`,
    body: { field: 'vec', from: { id: 'a-0' }, to: { id: 'b-5' }, steps: 4, exact: true, _source: ['group'] },
  });
  const path = walk.path.map((stop) => stop._id);
  check(path.length === 6 && path[0] === 'a-0' && path[5] === 'b-5' && new Set(path).size === 6, `_latent_walk path ${path}`);
  console.log(JSON.stringify({ call: '_latent_walk', path }));

  await client.indices.delete({ index });
}

try {
  await main();
} catch (e) {
  console.error(`client-check failed: ${e.name}: ${e.message}${e.meta?.body ? ' ' + JSON.stringify(e.meta.body) : ''}`);
  process.exitCode = 1;
} finally {
  await client.close();
}
