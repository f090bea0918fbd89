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
import org.apache.lucene.search.TaskExecutor;
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
 * rewritten, as in a search; the N rewrites run side by side on the node's search pool), and the same pass scores
 * only those. Each candidate then gets its cosine distance to its point, on the vector a search's
 * {@code docvalue_fields} would bring (as a sequential stop measures it), so the walk needs no vectors afterwards.
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
        List<List<Candidate>> perPoint = new ArrayList<>(top.length);
        for (int p = 0; p < top.length; p++) {
            float[] point = spec.points()[p];
            List<Candidate> candidates = new ArrayList<>(top[p].scoreDocs.length);
            for (ScoreDoc hit : top[p].scoreDocs) {
                candidates.add(new Candidate(hit.score, shard, hit.doc, ids.get(hit.doc), Walk.distance(vectors.get(hit.doc), point)));
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
     * Every point's top hits, in one pass over the shard's leaves. Each point's query is rewritten first (in approximate
     * mode that is when HNSW finds its candidates, as in a search's rewrite); then each leaf is scored window by window,
     * every point's bulk scorer in turn, the way a search's query phase scores a leaf (it too hands a bulk scorer
     * consecutive windows when it checks for cancellation). The searcher's own search methods are not used: this runs
     * while the search's query phase is finishing its collection.
     */
    private TopDocs[] topHits(IndexSearcher searcher) throws IOException {
        int n = spec.points().length;
        TopScoreDocCollector[] collectors = new TopScoreDocCollector[n];
        List<Callable<Weight>> rewrites = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            checkCancelled();
            collectors[i] = collectorManager(i).newCollector();
            // built here, on the search's own thread (the context that builds queries is not for sharing) ...
            Query query = stopQuery(i);
            ScoreMode scoreMode = collectors[i].scoreMode();
            rewrites.add(() -> {
                checkCancelled();
                return searcher.createWeight(searcher.rewrite(query), scoreMode, 1f);
            });
        }
        // ... and rewritten side by side: in approximate mode each rewrite is one point's HNSW search, independent of the
        // others, so the node's search pool (which also runs a concurrent search's slices) shares them with this thread,
        // which runs its own share (Lucene's TaskExecutor) and so never waits on a busy pool; without it they run here
        // one after another
        TaskExecutor executor = spec.workers() == null ? searcher.getTaskExecutor() : new TaskExecutor(spec.workers());
        Weight[] weights = executor.invokeAll(rewrites).toArray(Weight[]::new);
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
                min = Math.max(max, lowest(next)); // approximate mode: skips the stretches no point has a candidate in
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
