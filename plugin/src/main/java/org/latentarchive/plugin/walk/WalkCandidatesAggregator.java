package org.latentarchive.plugin.walk;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.elasticsearch.index.fielddata.FormattedDocValues;
import org.elasticsearch.index.fielddata.IndexFieldData;
import org.elasticsearch.index.fieldvisitor.LeafStoredFieldLoader;
import org.elasticsearch.index.fieldvisitor.StoredFieldLoader;
import org.elasticsearch.index.mapper.IdFieldMapper;
import org.elasticsearch.index.mapper.IdLoader;
import org.elasticsearch.index.mapper.MappedFieldType;
import org.elasticsearch.index.shard.ShardId;
import org.elasticsearch.index.shard.ShardUtils;
import org.elasticsearch.search.DocValueFormat;
import org.elasticsearch.search.aggregations.AggregationExecutionContext;
import org.elasticsearch.search.aggregations.Aggregator;
import org.elasticsearch.search.aggregations.InternalAggregation;
import org.elasticsearch.search.aggregations.LeafBucketCollector;
import org.elasticsearch.search.aggregations.metrics.MetricsAggregator;
import org.elasticsearch.search.aggregations.support.AggregationContext;
import org.elasticsearch.search.internal.SearchContext;
import org.elasticsearch.tasks.TaskCancelledException;
import org.latentarchive.plugin.query.VectorLookup;
import org.latentarchive.plugin.walk.InternalWalkCandidates.Candidate;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One shard's part of a walk's one round. For each interpolation point it runs the very query a sequential walk's
 * stop runs ({@link Walk#stopQuery}: the field's exact similarity over the eligible artworks, or over the HNSW
 * candidates in approximate mode) and keeps the top hits exactly as a search's query phase would (Lucene's
 * {@link TopScoreDocCollector}: higher score first, ties to the lower document).
 *
 * <p>Exact mode reads the vectors once for all points: every leaf is scored in windows of {@value #WINDOW} documents,
 * each window by every point's scorer in turn, so a window's vectors come from memory once and from the CPU cache
 * for the other points. In approximate mode each point's query first asks HNSW for its candidates (when the query is
 * rewritten, as in a search) and then scores only those; the N points' searches are independent, so they run side by
 * side on the node's search pool, as many at once as the node has processors ({@link SearchWorkers}). Each candidate
 * then gets its cosine distance to its point, on the vector a search's {@code docvalue_fields} would bring (as a
 * sequential stop measures it), so the walk needs no vectors afterwards.
 *
 * <p>It collects nothing (the search's own query is not its business): the work happens when the aggregation is
 * built, after the query phase's collection.
 */
final class WalkCandidatesAggregator extends MetricsAggregator {

    /** Documents scored per point in turn: 128 vectors of 1792 floats (0.9 MB) stay in a core's L2 cache. */
    static final int WINDOW = 128;

    private final WalkCandidatesAggregationBuilder spec;

    WalkCandidatesAggregator(String name, WalkCandidatesAggregationBuilder spec, AggregationContext context, Aggregator parent,
        Map<String, Object> metadata) throws IOException {
        super(name, context, parent, metadata);
        this.spec = spec;
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    protected LeafBucketCollector getLeafCollector(AggregationExecutionContext aggCtx, LeafBucketCollector sub) {
        return LeafBucketCollector.NO_OP_COLLECTOR;
    }

    @Override
    public InternalAggregation buildAggregation(long bucket) throws IOException {
        IndexSearcher searcher = context.searcher();
        TopDocs[] top = topHits(searcher);
        ShardId shard = shardId(searcher.getIndexReader());
        TreeSet<Integer> docs = new TreeSet<>();
        for (TopDocs docsOfPoint : top) {
            for (ScoreDoc hit : docsOfPoint.scoreDocs) {
                docs.add(hit.doc);
            }
        }
        Map<Integer, String> ids = ids(searcher.getIndexReader(), docs);
        Map<Integer, float[]> vectors = vectors(searcher.getIndexReader(), docs, ids);
        // a candidate is often near several points: each vector's norm is taken once
        Map<Integer, Double> norms = new HashMap<>();
        vectors.forEach((doc, vector) -> norms.put(doc, VectorMath.norm(vector)));
        List<List<Candidate>> perPoint = new ArrayList<>(top.length);
        for (int p = 0; p < top.length; p++) {
            float[] point = spec.points()[p];
            double pointNorm = VectorMath.norm(point);
            List<Candidate> candidates = new ArrayList<>(top[p].scoreDocs.length);
            for (ScoreDoc hit : top[p].scoreDocs) {
                double distance = Walk.distance(vectors.get(hit.doc), norms.get(hit.doc), point, pointNorm);
                candidates.add(new Candidate(hit.score, shard, hit.doc, ids.get(hit.doc), distance));
            }
            perPoint.add(candidates);
        }
        return new InternalWalkCandidates(name, spec.sizes(), perPoint, metadata());
    }

    @Override
    public InternalAggregation buildEmptyAggregation() {
        return InternalWalkCandidates.empty(name, spec.sizes(), metadata());
    }

    /** Point i's stop query, as this shard builds it. */
    private Query stopQuery(int point) throws IOException {
        return context.buildQuery(Walk.stopQuery(spec.field(), spec.points()[point], spec.exact(), spec.numCandidates(), spec.filter()));
    }

    /** A collector for point i's top hits, tracking total hits as a search does by default (the walk's searches do). */
    private TopScoreDocCollectorManager collectorManager(int point) {
        return new TopScoreDocCollectorManager(spec.sizes()[point], null, SearchContext.DEFAULT_TRACK_TOTAL_HITS_UP_TO);
    }

    /**
     * Every point's top hits. Each point's query is built here (the context that builds queries is not for sharing),
     * then rewritten, which in approximate mode is when HNSW finds its candidates, as in a search's rewrite. The
     * searcher's own search methods are not used: this runs while the search's query phase is finishing its collection.
     */
    private TopDocs[] topHits(IndexSearcher searcher) throws IOException {
        int n = spec.points().length;
        Query[] queries = new Query[n];
        for (int i = 0; i < n; i++) {
            checkCancelled();
            queries[i] = stopQuery(i);
        }
        SearchWorkers workers = spec.workers() == null ? SearchWorkers.THIS_THREAD : spec.workers();
        if (spec.exact()) {
            TopScoreDocCollector[] collectors = new TopScoreDocCollector[n];
            List<Callable<Weight>> rewrites = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                TopScoreDocCollector collector = collectors[i] = collectorManager(i).newCollector();
                Query query = queries[i];
                rewrites.add(() -> weight(searcher, query, collector.scoreMode()));
            }
            return exactTopHits(searcher, workers.invokeAll(rewrites).toArray(Weight[]::new), collectors);
        }
        // approximate: each point's search (its HNSW search, then the exact scoring of the few candidates it found) is
        // independent of the others, so they run side by side
        List<Callable<TopDocs>> searches = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int point = i;
            searches.add(() -> {
                TopScoreDocCollector collector = collectorManager(point).newCollector();
                Weight weight = weight(searcher, queries[point], collector.scoreMode());
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    checkCancelled();
                    BulkScorer scorer = weight.bulkScorer(leaf);
                    if (scorer != null) {
                        LeafCollector leafCollector = collector.getLeafCollector(leaf);
                        scorer.score(leafCollector, leaf.reader().getLiveDocs(), 0, DocIdSetIterator.NO_MORE_DOCS);
                        leafCollector.finish();
                    }
                }
                return collector.topDocs();
            });
        }
        return workers.invokeAll(searches).toArray(TopDocs[]::new);
    }

    /** A point's query, rewritten (in approximate mode: its HNSW search) and ready to score for its collector. */
    private Weight weight(IndexSearcher searcher, Query query, ScoreMode scoreMode) throws IOException {
        checkCancelled();
        return searcher.createWeight(searcher.rewrite(query), scoreMode, 1f);
    }

    /**
     * Exact mode: every point's top hits in one pass over the shard's leaves. Each leaf is scored window by window,
     * every point's bulk scorer in turn, the way a search's query phase scores a leaf (it too hands a bulk scorer
     * consecutive windows when it checks for cancellation), so a window's vectors are read from memory once for all
     * points.
     */
    private TopDocs[] exactTopHits(IndexSearcher searcher, Weight[] weights, TopScoreDocCollector[] collectors) throws IOException {
        int n = weights.length;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafCollector[] leafCollectors = new LeafCollector[n];
            BulkScorer[] scorers = new BulkScorer[n];
            int[] next = new int[n];
            for (int i = 0; i < n; i++) {
                scorers[i] = weights[i].bulkScorer(leaf);
                if (scorers[i] == null) {
                    next[i] = DocIdSetIterator.NO_MORE_DOCS;
                } else {
                    leafCollectors[i] = collectors[i].getLeafCollector(leaf);
                }
            }
            Bits liveDocs = leaf.reader().getLiveDocs();
            int maxDoc = leaf.reader().maxDoc();
            int min = lowest(next);
            while (min < maxDoc) {
                int max = Math.min(maxDoc, min + WINDOW);
                for (int i = 0; i < n; i++) {
                    if (next[i] < max) {
                        // a bulk scorer takes consecutive windows, each starting where the last one said its next match is
                        next[i] = scorers[i].score(leafCollectors[i], liveDocs, next[i], max);
                    }
                }
                checkCancelled();
                min = Math.max(max, lowest(next)); // a filter's scorers skip the stretches no point has a match in
            }
            for (LeafCollector leafCollector : leafCollectors) {
                if (leafCollector != null) {
                    leafCollector.finish();
                }
            }
        }
        TopDocs[] top = new TopDocs[n];
        for (int i = 0; i < n; i++) {
            top[i] = collectors[i].topDocs();
        }
        return top;
    }

    private static int lowest(int[] docs) {
        int lowest = DocIdSetIterator.NO_MORE_DOCS;
        for (int doc : docs) {
            lowest = Math.min(lowest, doc);
        }
        return lowest;
    }

    private void checkCancelled() {
        if (context.isCancelled()) {
            throw new TaskCancelledException("the walk was cancelled");
        }
    }

    private static ShardId shardId(IndexReader reader) {
        if (reader instanceof DirectoryReader directory) {
            ShardId shard = ShardUtils.extractShardId(directory);
            if (shard != null) {
                return shard;
            }
        }
        throw new IllegalStateException("[" + WalkCandidatesAggregationBuilder.NAME + "] runs on a shard's reader, got " + reader);
    }

    /**
     * The vector of every candidate document ({@code docs}, in document order), each read once, as a search's
     * {@code docvalue_fields} reads it (the field's doc-value format over its field data): a sequential walk measures a
     * stop's distance on that vector, so both walks measure the same distances.
     */
    private Map<Integer, float[]> vectors(IndexReader reader, TreeSet<Integer> docs, Map<Integer, String> ids) throws IOException {
        Map<Integer, float[]> vectors = new HashMap<>();
        if (docs.isEmpty()) {
            return vectors;
        }
        MappedFieldType fieldType = context.getFieldType(spec.field());
        DocValueFormat format = fieldType.docValueFormat(null, null);
        IndexFieldData<?> fieldData = context.buildFieldContext(fieldType).indexFieldData();
        List<LeafReaderContext> leaves = reader.leaves();
        LeafReaderContext leaf = null;
        FormattedDocValues values = null;
        for (int doc : docs) {
            if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                values = fieldData.load(leaf).getFormattedValues(format);
            }
            if (values.advanceExact(doc - leaf.docBase) == false) {
                throw new IllegalStateException("artwork [" + ids.get(doc) + "] was ranked by [" + spec.field() + "] but has no vector in it");
            }
            List<Object> value = new ArrayList<>(values.docValueCount());
            for (int v = values.docValueCount(); v > 0; v--) {
                value.add(values.nextValue());
            }
            vectors.put(doc, VectorLookup.toFloats(value, ids.get(doc), spec.field()));
        }
        return vectors;
    }

    /**
     * The _id of every candidate document ({@code docs}, in document order), each read once, the way the fetch phase
     * reads ids (stored, or in doc values where the index keeps them there).
     */
    private Map<Integer, String> ids(IndexReader reader, TreeSet<Integer> docs) throws IOException {
        Map<Integer, String> ids = new HashMap<>();
        if (docs.isEmpty()) {
            return ids;
        }
        IdLoader idLoader = context.subSearchContext().newIdLoader();
        StoredFieldLoader storedFields = StoredFieldLoader.create(false, Set.of(IdFieldMapper.NAME));
        List<LeafReaderContext> leaves = reader.leaves();
        Map<Integer, List<Integer>> byLeaf = new TreeMap<>();
        for (int doc : docs) {
            byLeaf.computeIfAbsent(ReaderUtil.subIndex(doc, leaves), l -> new ArrayList<>()).add(doc);
        }
        for (Map.Entry<Integer, List<Integer>> leafDocs : byLeaf.entrySet()) {
            LeafReaderContext leaf = leaves.get(leafDocs.getKey());
            int[] inLeaf = leafDocs.getValue().stream().mapToInt(doc -> doc - leaf.docBase).toArray();
            LeafStoredFieldLoader stored = storedFields.getLoader(leaf, inLeaf);
            IdLoader.Leaf idsOfLeaf = idLoader.leaf(stored, leaf.reader(), inLeaf);
            for (int doc : inLeaf) {
                stored.advanceTo(doc);
                String id = idsOfLeaf.getId(doc);
                if (id == null) {
                    throw new IllegalStateException("document [" + (leaf.docBase + doc) + "] of " + shardId(reader) + " has no _id");
                }
                ids.put(leaf.docBase + doc, id);
            }
        }
        return ids;
    }
}
