package org.latentarchive.curator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.latentarchive.curator.AnnotationSet;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.CuratorJobs;
import org.latentarchive.curator.MeanRankTable;
import org.latentarchive.curator.Stacking;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stack", mixinStandardHelpOptions = true,
    description = "Concatenate vector fields, each optionally reduced by whitened PCA, into vectors.<name>.")
final class StackCommand extends CuratorCommand {

    @Option(names = {"-p", "--part"}, required = true, arity = "1..*",
        description = "FIELD, FIELD:FRACTION (of variance, e.g. 0.9) or FIELD:COMPONENTS, in stacking order")
    List<String> parts;

    @Option(names = "--name", defaultValue = "stack_1", description = "the new field is vectors.<name> (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = {"-a", "--annotations"}, description = "score the parts and the stack on this annotation file")
    Path annotations;

    @Option(names = "--dry-run", description = "only evaluate; write nothing")
    boolean dryRun;

    @Override
    int run(ArtworkVectors artworks, PrintWriter out) throws IOException {
        List<Stacking.Part> specs = parts.stream().map(Stacking.Part::parse).toList();
        Optional<AnnotationSet> set = annotations == null ? Optional.empty() : Optional.of(AnnotationSet.read(annotations));
        CuratorJobs.StackResult result = CuratorJobs.stack(artworks, specs, name, set, !dryRun);
        out.println("stack of " + result.vectors().size() + " artworks, " + result.vectors().dims() + " dims"
            + (dryRun ? " (not written)" : ": wrote vectors." + name));
        if (!result.meanRanks().isEmpty()) {
            out.print(MeanRankTable.format(result.meanRanks()));
        }
        return 0;
    }
}
