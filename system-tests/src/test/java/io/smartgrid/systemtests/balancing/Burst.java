package io.smartgrid.systemtests.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.smartgrid.systemtests.GridHttp;

/** Many requests at once from a fixed number of client threads, all released together. */
final class Burst {

    private Burst() {
    }

    /** One request of a burst: its index, when it was sent (System.nanoTime) and what came back. */
    record Sent(int index, long sentAtNanos, GridHttp.Reply reply) {
    }

    /** Sends {@code count} requests from {@code threads} threads and returns every reply, in index order. */
    static List<Sent> send(int count, int threads, IntFunction<GridHttp.Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Sent>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    long sentAt = System.nanoTime();
                    return new Sent(index, sentAt, request.apply(index));
                }));
            }
            go.countDown();
            List<Sent> replies = new ArrayList<>(count);
            for (Future<Sent> future : futures) {
                replies.add(future.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A charging power from 3 to 11 kW that varies with the request, the same in every run. */
    static double powerKw(int index) {
        return 3 + Math.floorMod(index * 7, 9);
    }
}
