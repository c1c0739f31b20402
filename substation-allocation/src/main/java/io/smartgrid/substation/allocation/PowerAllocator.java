package io.smartgrid.substation.allocation;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Divides a substation's capacity among its charging sessions: a pure function of the capacity, the sessions and
 * the time, in whole micro-kW, so that the result is exact and the same on every run.
 *
 * <p>Every policy works in two steps.
 * <ol>
 * <li><b>Minimums.</b> Sessions are taken in the policy's priority order ({@link #priorityOrder}) and each is given
 * its minimum while that still fits in what is left of the capacity; a session whose minimum no longer fits gets
 * nothing (0: paused) and the next one is tried. When the minimums of all sessions fit, which admission
 * ({@link #admits}) guarantees, every session gets its minimum. Nothing below a minimum is ever given, because a
 * charger cannot signal less than 6 A (IEC 61851-1): below it the car does not charge at all.</li>
 * <li><b>The rest</b> of the capacity goes to the sessions that got their minimum, never above a session's maximum:
 * <ul>
 * <li>{@link AllocationPolicy#MAX_MIN max-min}: water-filling. Every session gets {@code clamp(L, min, max)} for the
 * highest whole level {@code L} whose total still fits; the micro-kW left over (fewer than the sessions strictly
 * between their minimum and maximum at that level) go one each to those sessions in order of arrival. So no session
 * can be raised without lowering one that has no more than it (max-min fairness), and the whole capacity is used
 * unless every session is at its maximum.</li>
 * <li>{@link AllocationPolicy#LEAST_LAXITY least-laxity}: the sessions with a departure, in order of laxity (least
 * first; ties by arrival), each raised to its maximum while capacity is left: the first gets up to its maximum, the
 * next what remains, and so on. Laxity is the slack before departure, {@code departure - now - remaining energy /
 * maximum power}; a session that can no longer finish has a negative laxity and comes first. What is then left is
 * shared max-min, as above, among the sessions with no departure: knowing nothing of their urgency, they are treated
 * alike rather than by arrival. With no departures at all, least-laxity is max-min.</li>
 * </ul></li>
 * </ol>
 */
public final class PowerAllocator {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    private static final Comparator<ChargingDemand> BY_ARRIVAL =
            Comparator.comparingLong(ChargingDemand::arrival).thenComparing(ChargingDemand::id);

    private PowerAllocator() {
    }

    /**
     * The power of each session under {@code policy}: never above {@code capacityMicroKw} in all, never above a
     * session's maximum, never below its minimum unless it gets nothing because the minimums do not all fit.
     *
     * @param now the time laxity is measured from (max-min does not read it)
     * @throws IllegalArgumentException for a negative capacity, duplicate ids or totals beyond a {@code long}
     */
    public static Allocation allocate(AllocationPolicy policy, long capacityMicroKw, List<ChargingDemand> demands,
            Instant now) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(now, "now");
        if (capacityMicroKw < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        checkIds(demands);
        int n = demands.size();
        long[] power = new long[n];
        boolean[] charging = new boolean[n];
        List<Integer> order = indices(demands, priorityOrder(policy, demands, now));
        long spare = capacityMicroKw;
        for (int i : order) {
            long min = demands.get(i).minMicroKw();
            if (min <= spare) {
                power[i] = min;
                charging[i] = true;
                spare -= min;
            }
        }
        if (policy == AllocationPolicy.LEAST_LAXITY) {
            for (int i : order) {
                ChargingDemand demand = demands.get(i);
                if (charging[i] && demand.departure() != null) {
                    long more = Math.min(spare, demand.maxMicroKw() - power[i]);
                    power[i] += more;
                    spare -= more;
                }
            }
        }
        List<Integer> shared = new ArrayList<>();
        for (int i : indices(demands, sorted(demands, BY_ARRIVAL))) {
            boolean laxityDone = policy == AllocationPolicy.LEAST_LAXITY && demands.get(i).departure() != null;
            if (charging[i] && !laxityDone) {
                shared.add(i);
            }
        }
        waterFill(demands, shared, spare, power);
        return new Allocation(demands, power);
    }

    /**
     * Whether a new session with minimum {@code newMinMicroKw} may be admitted beside {@code sessions}: when the sum
     * of all minimums, its own included, is within the capacity, every session keeps at least its minimum.
     */
    public static boolean admits(long capacityMicroKw, List<ChargingDemand> sessions, long newMinMicroKw) {
        if (newMinMicroKw < 0) {
            throw new IllegalArgumentException("minimum power must not be negative");
        }
        long sum = newMinMicroKw;
        for (ChargingDemand session : sessions) {
            sum += session.minMicroKw();
            if (sum < 0) {
                return false; // beyond any capacity a long can hold
            }
        }
        return sum <= capacityMicroKw;
    }

    /**
     * The order in which sessions get their minimum, and under least laxity the rest: by arrival for max-min; for
     * least laxity, the sessions with a departure by laxity (ties by arrival), then those without by arrival.
     */
    public static List<ChargingDemand> priorityOrder(AllocationPolicy policy, List<ChargingDemand> demands,
            Instant now) {
        if (policy == AllocationPolicy.MAX_MIN) {
            return sorted(demands, BY_ARRIVAL);
        }
        List<ChargingDemand> withDeparture = new ArrayList<>();
        List<ChargingDemand> without = new ArrayList<>();
        for (ChargingDemand demand : demands) {
            (demand.departure() != null ? withDeparture : without).add(demand);
        }
        List<ChargingDemand> order = new ArrayList<>(sorted(withDeparture,
                Comparator.comparingLong((ChargingDemand d) -> laxityMicros(d, now)).thenComparing(BY_ARRIVAL)));
        order.addAll(sorted(without, BY_ARRIVAL));
        return order;
    }

    /**
     * Slack before departure in microseconds: the time to departure less the time the remaining energy takes at the
     * session's maximum power (rounded up), negative when it can no longer finish; saturates at the ends of a
     * {@code long}.
     *
     * @throws IllegalArgumentException when the session has no departure
     */
    public static long laxityMicros(ChargingDemand demand, Instant now) {
        if (demand.departure() == null) {
            throw new IllegalArgumentException(demand.id() + " has no departure, so no laxity");
        }
        return saturatedSubtract(micros(Duration.between(now, demand.departure())),
                chargingMicros(demand.remainingMicroKwh(), demand.maxMicroKw()));
    }

    /**
     * When least laxity would next order the sessions differently, if they keep the powers of {@code allocation}
     * (arrivals, stops, completions and departures aside, which the caller sees itself): a session charging at
     * {@code p} of its maximum {@code max} loses laxity at the rate {@code 1 - p / max}, so a session that gets less
     * of its maximum than the one after it in the order catches up with it. Empty when no pair ever swaps. Least
     * laxity is known to thrash between sessions of equal laxity; a caller recomputes no more often than its own
     * smallest interval.
     */
    public static Optional<Instant> nextReorder(Allocation allocation, Instant now) {
        List<ChargingDemand> order = new ArrayList<>();
        for (ChargingDemand demand : priorityOrder(AllocationPolicy.LEAST_LAXITY, allocation.demands(), now)) {
            if (demand.departure() != null) {
                order.add(demand);
            }
        }
        BigInteger soonest = null;
        for (int k = 0; k + 1 < order.size(); k++) {
            ChargingDemand first = order.get(k);
            ChargingDemand second = order.get(k + 1);
            // first keeps ahead while its laxity is the lesser; the gap closes at p1 / max1 - p2 / max2 per
            // second, so it is gone after gap * max1 * max2 / (p1 * max2 - p2 * max1): exact, rounded up.
            BigInteger closing = big(allocation.powerOf(first.id())).multiply(big(second.maxMicroKw()))
                    .subtract(big(allocation.powerOf(second.id())).multiply(big(first.maxMicroKw())));
            if (closing.signum() > 0) {
                BigInteger gap = big(laxityMicros(second, now)).subtract(big(laxityMicros(first, now)));
                BigInteger[] division = gap.multiply(big(first.maxMicroKw())).multiply(big(second.maxMicroKw()))
                        .divideAndRemainder(closing);
                BigInteger micros = division[0].add(division[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO)
                        .max(BigInteger.ONE);
                soonest = (soonest == null) ? micros : soonest.min(micros);
            }
        }
        if (soonest == null) {
            return Optional.empty();
        }
        BigInteger[] seconds = soonest.divideAndRemainder(BigInteger.valueOf(1_000_000));
        if (seconds[0].compareTo(big(Instant.MAX.getEpochSecond() - now.getEpochSecond() - 1)) >= 0) {
            return Optional.of(Instant.MAX);
        }
        return Optional.of(now.plusSeconds(seconds[0].longValue()).plusNanos(seconds[1].longValue() * 1000));
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    /**
     * Raises the sessions {@code shared} from their present power (at least their minimum) towards their maximum by
     * water-filling {@code spare} more micro-kW among them; {@code shared} is in order of arrival.
     */
    private static void waterFill(List<ChargingDemand> demands, List<Integer> shared, long spare, long[] power) {
        if (shared.isEmpty() || spare == 0) {
            return;
        }
        long budget = spare;
        long ceiling = 0;
        long allAtMax = 0;
        for (int i : shared) {
            budget = Math.addExact(budget, power[i]);
            ceiling = Math.max(ceiling, demands.get(i).maxMicroKw());
            allAtMax = Math.addExact(allAtMax, demands.get(i).maxMicroKw());
        }
        if (allAtMax <= budget) {
            shared.forEach(i -> power[i] = demands.get(i).maxMicroKw());
            return;
        }
        // The highest level whose total fits: the total at level 0 (every floor) fits, at the ceiling it does not.
        long low = 0;
        long high = ceiling;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            if (levelTotal(demands, shared, power, mid) <= budget) {
                low = mid;
            }
            else {
                high = mid - 1;
            }
        }
        long level = low;
        long left = budget - levelTotal(demands, shared, power, level);
        for (int i : shared) {
            power[i] = clamp(level, power[i], demands.get(i).maxMicroKw());
        }
        // Fewer micro-kW are left than sessions that one more level would raise: one each, by arrival.
        for (int i : shared) {
            if (left == 0) {
                break;
            }
            if (power[i] == level && level < demands.get(i).maxMicroKw()) {
                power[i]++;
                left--;
            }
        }
    }

    private static long levelTotal(List<ChargingDemand> demands, List<Integer> shared, long[] floor, long level) {
        long total = 0;
        for (int i : shared) {
            total += clamp(level, floor[i], demands.get(i).maxMicroKw());
        }
        return total;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static long chargingMicros(long remainingMicroKwh, long maxMicroKw) {
        long whole = remainingMicroKwh / maxMicroKw;
        long rest = remainingMicroKwh % maxMicroKw;
        long restMicros;
        if (rest <= Long.MAX_VALUE / MICROS_PER_HOUR) {
            long product = rest * MICROS_PER_HOUR;
            restMicros = product / maxMicroKw + (product % maxMicroKw != 0 ? 1 : 0);
        }
        else {
            BigInteger[] division = BigInteger.valueOf(rest).multiply(BigInteger.valueOf(MICROS_PER_HOUR))
                    .divideAndRemainder(BigInteger.valueOf(maxMicroKw));
            restMicros = division[0].longValueExact() + (division[1].signum() > 0 ? 1 : 0);
        }
        return saturatedAdd(saturatedMultiply(whole, MICROS_PER_HOUR), restMicros);
    }

    private static long micros(Duration duration) {
        return saturatedAdd(saturatedMultiply(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    private static long saturatedSubtract(long a, long b) {
        return b == Long.MIN_VALUE ? saturatedAdd(saturatedAdd(a, Long.MAX_VALUE), 1) : saturatedAdd(a, -b);
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return ((a < 0) == (b < 0)) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    private static void checkIds(List<ChargingDemand> demands) {
        Set<String> ids = new HashSet<>();
        for (ChargingDemand demand : demands) {
            if (!ids.add(demand.id())) {
                throw new IllegalArgumentException("two sessions with the id " + demand.id());
            }
        }
    }

    private static List<ChargingDemand> sorted(List<ChargingDemand> demands, Comparator<ChargingDemand> order) {
        List<ChargingDemand> copy = new ArrayList<>(demands);
        copy.sort(order);
        return copy;
    }

    /** The positions in {@code demands} of the sessions of {@code order}, which are the same objects. */
    private static List<Integer> indices(List<ChargingDemand> demands, List<ChargingDemand> order) {
        IdentityHashMap<ChargingDemand, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < demands.size(); i++) {
            position.put(demands.get(i), i);
        }
        List<Integer> result = new ArrayList<>(order.size());
        for (ChargingDemand demand : order) {
            result.add(position.get(demand));
        }
        return result;
    }
}
