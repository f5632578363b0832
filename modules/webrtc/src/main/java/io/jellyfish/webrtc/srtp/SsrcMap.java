package io.jellyfish.webrtc.srtp;

import java.util.function.Supplier;

/**
 * A small SSRC-keyed table with linear lookup: a peer session has a handful to a few hundred
 * streams, and unlike a HashMap it needs no boxing on the per-packet path. When full it evicts
 * entries in insertion order, so a flood of SSRCs cannot grow it without bound.
 */
final class SsrcMap<T> {
    private final int[] keys;
    private final Object[] values;
    private int count;
    private int nextEviction;

    SsrcMap(int capacity) {
        keys = new int[capacity];
        values = new Object[capacity];
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        for (int i = 0; i < count; i++) {
            if (keys[i] == ssrc) {
                return (T) values[i];
            }
        }
        return null;
    }

    T getOrCreate(int ssrc, Supplier<T> factory) {
        T existing = get(ssrc);
        return existing != null ? existing : put(ssrc, factory.get());
    }

    T put(int ssrc, T value) {
        int slot;
        if (count < keys.length) {
            slot = count++;
        } else {
            slot = nextEviction;
            nextEviction = (nextEviction + 1) % keys.length;
        }
        keys[slot] = ssrc;
        values[slot] = value;
        return value;
    }
}
