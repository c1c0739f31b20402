package io.smartgrid.localgrid;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code java -jar local-grid.jar cache [grid options]}: trains the start-up cache ({@link StartUpCache}). */
@Command(name = CacheCommand.NAME, mixinStandardHelpOptions = true,
        description = {"Trains a start-up cache beside local-grid.jar: the grid starts once (with the grid options given, "
                + "e.g. --base-port) and stops when every substation is healthy.",
                "After that, java -jar local-grid.jar starts from the cache until the jar is rebuilt."})
final class CacheCommand implements Callable<Integer> {

    static final String NAME = "cache";

    @Unmatched
    List<String> gridArguments = new ArrayList<>();

    private final PrintStream out;

    CacheCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Optional<StartUpCache> cache = StartUpCache.forThisJvm();
        if (cache.isEmpty()) {
            this.out.println("local-grid cache: run it as java -jar local-grid.jar cache, so that it knows which jar to cache");
            return 2;
        }
        return cache.get().train(this.gridArguments, this.out);
    }
}
