package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Passes items on in a random order with bounded memory, so that a log read in the order its
 * records came does not hand that order on: up to {@link #WINDOW} items are held, and once the
 * window is full each new item sends a randomly chosen held one on. Sequences up to the window are
 * shuffled uniformly; in longer ones every item leaves at a random time while the window holds it,
 * so its place says nothing about when it came beyond which stretch of the whole it came in.
 * {@link #close} passes on what is still held, shuffled.
 */
final class Shuffled<T> implements Consumer<T>, AutoCloseable {
    static final int WINDOW = 65_536;

    private final Consumer<T> downstream;
    private final int window;
    private final List<T> held = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

    Shuffled(Consumer<T> downstream) {
        this(downstream, WINDOW);
    }

    Shuffled(Consumer<T> downstream, int window) {
        this.downstream = requireNonNull(downstream, "downstream is null");
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
    }

    @Override
    public void accept(T item) {
        if (held.size() < window) {
            held.add(item);
            return;
        }
        int chosen = random.nextInt(window);
        T out = held.get(chosen);
        held.set(chosen, item);
        downstream.accept(out);
    }

    @Override
    public void close() {
        // Fisher–Yates over what is left, passing each on as it is chosen.
        for (int last = held.size() - 1; last >= 0; last--) {
            int chosen = random.nextInt(last + 1);
            T out = held.get(chosen);
            held.set(chosen, held.get(last));
            held.remove(last);
            downstream.accept(out);
        }
    }
}
