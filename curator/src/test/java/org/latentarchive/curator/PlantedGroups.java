package org.latentarchive.curator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic artworks whose curator relation the raw vectors do not show: every artwork belongs to one of a few
 * groups, written precisely (noise 0.1) but faintly (group centres of a small spread) into a few dimensions, while
 * many more dimensions carry unit noise, so cosine similarity is dominated by the noise. Curator judgements follow the groups: anchor and positive share a group,
 * the seven others come from other groups.
 */
record PlantedGroups(VectorTable vectors, List<Integer> groupOf, AnnotationSet annotations) {

    static PlantedGroups generate(int groups, int perGroup, int signalDims, int noiseDims, double signal,
                                  int annotations, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[groups][signalDims];
        for (double[] centre : centres) {
            for (int d = 0; d < signalDims; d++) {
                centre[d] = random.nextGaussian() * signal;
            }
        }
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<Integer> groupOf = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < perGroup; i++) {
                float[] v = new float[signalDims + noiseDims];
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) (d < signalDims ? centres[g][d] + 0.1 * random.nextGaussian() : random.nextGaussian());
                }
                ids.add("G" + g + "-" + i);
                vectors.add(v);
                groupOf.add(g);
            }
        }
        VectorTable table = new VectorTable(ids, vectors);
        List<Annotation> lines = new ArrayList<>();
        while (lines.size() < annotations) {
            int g = random.nextInt(groups);
            int anchor = g * perGroup + random.nextInt(perGroup);
            int positive = g * perGroup + random.nextInt(perGroup);
            if (positive == anchor) {
                continue;
            }
            List<String> others = new ArrayList<>();
            while (others.size() < Annotation.OTHERS) {
                int other = random.nextInt(groups * perGroup);
                if (groupOf.get(other) != g && !others.contains(ids.get(other))) {
                    others.add(ids.get(other));
                }
            }
            lines.add(new Annotation(ids.get(anchor), ids.get(positive), others));
        }
        return new PlantedGroups(table, groupOf, new AnnotationSet(lines));
    }
}
