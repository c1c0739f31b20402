package io.smartgrid.substation.allocation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The power given to each session, in whole micro-kW, in the order the sessions were passed in. */
public final class Allocation {

    private final List<ChargingDemand> demands;
    private final long[] powers;
    private final Map<String, Long> byId;
    private final long total;

    Allocation(List<ChargingDemand> demands, long[] powers) {
        this.demands = List.copyOf(demands);
        this.powers = powers.clone();
        Map<String, Long> map = new LinkedHashMap<>();
        long sum = 0;
        for (int i = 0; i < powers.length; i++) {
            map.put(demands.get(i).id(), powers[i]);
            sum += powers[i];
        }
        this.byId = Collections.unmodifiableMap(map);
        this.total = sum;
    }

    /** The sessions, as passed in. */
    public List<ChargingDemand> demands() {
        return demands;
    }

    /** The power of the {@code index}-th session passed in. */
    public long powerAt(int index) {
        return powers[index];
    }

    /** The power of the session {@code id}. */
    public long powerOf(String id) {
        Long power = byId.get(id);
        if (power == null) {
            throw new IllegalArgumentException("no session " + id + " in this allocation");
        }
        return power;
    }

    /** Session id to power, in the order the sessions were passed in. */
    public Map<String, Long> byId() {
        return byId;
    }

    /** The power given out in all, never more than the capacity. */
    public long totalMicroKw() {
        return total;
    }

    @Override
    public String toString() {
        return "Allocation" + byId;
    }
}
