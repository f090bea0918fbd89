package org.latentarchive.curator.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.latentarchive.curator.ArtworkVectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the curator commands share: the connection, and errors that end in one clear line and exit code 1 instead
 * of a stack trace.
 */
abstract class CuratorCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    /** The command's work, given the artworks index. */
    abstract int run(ArtworkVectors artworks, PrintWriter out) throws IOException;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ElasticsearchClient client = connection.connect()) {
            return run(new ArtworkVectors(client, connection.index), out);
        } catch (IllegalArgumentException e) {
            err.println(spec.name() + ": " + e.getMessage());
            return 1;
        } catch (ElasticsearchException e) {
            err.println(spec.name() + ": Elasticsearch refused: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(spec.name() + ": cannot reach or read " + connection.es.config().url() + ": " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
