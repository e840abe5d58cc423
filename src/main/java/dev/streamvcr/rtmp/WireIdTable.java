package dev.streamvcr.rtmp;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Lookup from a wire id to the enum constant that carries it. Built once per enum; building fails if two constants
 * share an id, so a typo in a protocol table stops the class from loading instead of misrouting messages.
 */
public final class WireIdTable<E extends Enum<E>> {
    private final Map<Integer, E> byId = new HashMap<>();

    private WireIdTable(E[] constants, ToIntFunction<E> id) {
        for (E constant : constants) {
            E previous = byId.put(id.applyAsInt(constant), constant);
            if (previous != null) {
                throw new IllegalStateException(constant.getDeclaringClass().getSimpleName() + "." + previous
                        + " and " + constant + " share wire id " + id.applyAsInt(constant));
            }
        }
    }

    public static <E extends Enum<E>> WireIdTable<E> of(E[] constants, ToIntFunction<E> id) {
        return new WireIdTable<>(constants, id);
    }

    /** @return the constant with this id, or null if there is none */
    public E get(int id) {
        return byId.get(id);
    }
}
