package ru.berezhno.core.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ShuffledTest {
    @Test
    void everyItemComesOutOnceAndNotInTheOrderItCame() {
        List<Integer> in = IntStream.range(0, 1000).boxed().toList();
        List<Integer> out = new ArrayList<>();
        try (Shuffled<Integer> shuffled = new Shuffled<>(out::add)) {
            in.forEach(shuffled);
        }
        assertThat(out).containsExactlyInAnyOrderElementsOf(in).isNotEqualTo(in);
    }

    @Test
    void memoryIsBoundedByTheWindowAndTheRestComesOutOnClose() {
        List<Integer> out = new ArrayList<>();
        Shuffled<Integer> shuffled = new Shuffled<>(out::add, 10);
        IntStream.range(0, 1000).boxed().forEach(shuffled);
        assertThat(out).as("all but the window's 10 passed on while reading").hasSize(990);
        shuffled.close();
        assertThat(out).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1000).boxed().toList());
        long displaced = IntStream.range(0, 1000).filter(i -> out.get(i) != i).count();
        assertThat(displaced).as("most items leave their place").isGreaterThan(900);
    }
}
