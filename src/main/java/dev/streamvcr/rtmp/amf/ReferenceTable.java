package dev.streamvcr.rtmp.amf;

import java.util.Arrays;

/**
 * Complex values read so far in one decode call, in the order their markers appeared, for references (AMF0 spec 2.9,
 * AMF3 spec 2.2 object table), with what each cost the {@link DecodeBudget}. A slot is reserved when a value starts,
 * so a reference from inside the value to itself is recognised and refused: cycles would make the decoded value
 * impossible to print, compare or re-encode.
 */
final class ReferenceTable {
    private static final Object IN_PROGRESS = new Object();

    private final String kind;
    private final int limit;
    private Object[] values = new Object[8];
    /** Budget spent before the slot's value started, then (once complete) what the value cost. */
    private long[] costs = new long[8];
    private int size;

    /**
     * @param kind  how errors name a reference, with the format first ("AMF0: reference")
     * @param limit most entries the table may hold
     */
    ReferenceTable(String kind, int limit) {
        this.kind = kind;
        this.limit = limit;
    }

    int reserve(DecodeBudget budget, int offset) {
        if (size >= limit) {
            throw new Amf0Exception(kind.substring(0, kind.indexOf(':')) + ": more than " + limit
                    + " complex values at offset " + offset);
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            costs = Arrays.copyOf(costs, size * 2);
        }
        values[size] = IN_PROGRESS;
        costs[size] = budget.spent();
        return size++;
    }

    <T> T complete(int slot, T value, DecodeBudget budget) {
        values[slot] = value;
        costs[slot] = budget.spent() - costs[slot];
        return value;
    }

    /** @return the value at {@code index}, after charging its cost to the budget again */
    Object get(long index, DecodeBudget budget, int offset) {
        if (index >= size) {
            throw new Amf0Exception(kind + " " + index + " at offset " + offset + " points past the " + size
                    + " complex values read so far");
        }
        Object target = values[(int) index];
        if (target == IN_PROGRESS) {
            throw new Amf0Exception(kind + " " + index + " at offset " + offset
                    + " points to a value that contains it (cycles are not supported)");
        }
        budget.spend(costs[(int) index], kind.substring(0, kind.indexOf(':')), offset);
        return target;
    }
}
