package io.smartgrid.balancer.placement;

import io.smartgrid.balancer.Ticker;
import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;

/**
 * One start on its way through its attempts: the substations tried, the refusals it met, and its deadline. It decides
 * whether there is a next try, how long that try may take, and whether it goes with a ceiling; {@link SessionService}
 * makes the calls and tells it how each ended.
 *
 * <p>Two kinds of "no" count differently. A substation that is full, or fails, is an attempt and is not tried again.
 * A refusal above the ceiling sent ({@code above-ceiling}) is neither: the substation stays a candidate and the
 * request is chosen for again on the corrected view. Such refusals have a budget of their own
 * ({@code max-attempts} of them), and the last try goes without a ceiling, so that a race between replicas never
 * fails a request by itself.
 */
final class Placement {

    /** Less than this left of the deadline is not worth a call: not even a connection would fit. */
    static final Duration MIN_ATTEMPT = Duration.ofMillis(50);

    /** In the last this part of the deadline a try goes without a ceiling: a refusal would leave too little time. */
    static final int LAST_TRY_PART = 5;

    /**
     * What every start of this balancer may spend.
     *
     * @param maxAttempts          substations tried (full or failed) before giving up; also the most refusals under
     *                             a ceiling one start takes
     * @param deadline             the whole start, every attempt included
     * @param conditionalAdmission whether tries go with a ceiling at all
     */
    record Limits(int maxAttempts, Duration deadline, boolean conditionalAdmission) {

        /** Less than this left of the deadline, and the next try is the last: it goes without a ceiling. */
        Duration lastTryWithin() {
            return deadline.dividedBy(LAST_TRY_PART);
        }
    }

    private final Limits limits;
    private final Ticker ticker;
    private final long deadline;
    private final BitSet tried = new BitSet();
    private boolean full;
    private int attempts;
    private int refusals;
    /** The longest a refusal above the ceiling has taken this start: another try must fit after the next one. */
    private long slowestRefusal;

    /** Starts the deadline now. */
    Placement(Limits limits, Ticker ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.deadline = ticker.nanoTime() + limits.deadline().toNanos();
    }

    /**
     * How long the next try may take, or empty when there is to be none: the attempts are used up, or too little of
     * the deadline is left (better a clean 503 now than a call cut short, or a caller that gives up before we answer).
     */
    Optional<Duration> nextBudget() {
        if (attempts >= limits.maxAttempts()) {
            return Optional.empty();
        }
        Duration budget = Duration.ofNanos(deadline - ticker.nanoTime());
        return budget.compareTo(MIN_ATTEMPT) < 0 ? Optional.empty() : Optional.of(budget);
    }

    /**
     * Whether a try with {@code budget} left goes with a ceiling. The last try goes without: once refusals have used
     * up their budget, or when another refusal, as slow as the slowest yet, would leave too little time for a try
     * after it.
     */
    boolean withCeiling(Duration budget) {
        return limits.conditionalAdmission() && refusals < limits.maxAttempts()
                && budget.compareTo(limits.lastTryWithin()) >= 0 && budget.toNanos() >= 2 * slowestRefusal;
    }

    /** The positions of the substations this start has tried and is not to try again. */
    BitSet tried() {
        return tried;
    }

    /** The elapsed-time reading that {@link #refusedAboveCeiling} measures a refusal from. */
    long now() {
        return ticker.nanoTime();
    }

    /** No candidate was left; {@code noRoom} when healthy substations remained but none had room. */
    void noCandidate(boolean noRoom) {
        full |= noRoom;
    }

    /** The substation at {@code index} is being called. */
    void trying(int index) {
        tried.set(index);
    }

    /**
     * The substation refused the start as above the ceiling sent, after a call that began at {@code calledAt}
     * ({@link #now()}): neither a failure nor an attempt, and it stays a candidate. With its true load now in view it is seldom chosen
     * again, but it may rightly be.
     */
    void refusedAboveCeiling(int index, long calledAt) {
        refusals++;
        slowestRefusal = Math.max(slowestRefusal, ticker.nanoTime() - calledAt);
        tried.clear(index);
    }

    /** The substation had no room (or refused with no ceiling to refuse by: a "no" all the same). */
    void full() {
        attempts++;
        full = true;
    }

    /** The substation failed, or answered without a session: an attempt, and not a sign that the grid is full. */
    void failed() {
        attempts++;
    }

    /** The substation admitted the session. */
    void admitted() {
        attempts++;
    }

    /** The answer once no try is left: {@code grid-full} if any substation said it had no room, else unreachable. */
    GridUnavailableException rejection(Duration retryAfter) {
        return full ? GridUnavailableException.full(retryAfter) : GridUnavailableException.unreachable(retryAfter);
    }
}
