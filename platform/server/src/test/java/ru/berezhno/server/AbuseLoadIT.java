package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.limits.SubmissionLimits;

/**
 * Abuse alongside normal use, on the default limits: while scripts send numbers with vast
 * exponents, ask for made-up static files, post oversized and deeply nested bodies, trickle
 * bodies, and stuff the citizen form from one address, a citizen's normal submission keeps being
 * answered 201 about as fast as before, and the heap does not grow.
 */
class AbuseLoadIT {
    private static final Duration ABUSE = Duration.ofSeconds(20);

    @TempDir
    Path data;

    @Test
    void normalSubmissionsKeepTheirLatencyAndTheHeapStaysFlatUnderAbuse() throws Exception {
        try (TestServer server = TestServer.start(data, Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.withSubmissionLimits(SubmissionLimits.DEFAULTS).withTrustedProxies(List.of("127.0.0.1")))) {
            // Warm up, then the usual latency of a normal submission.
            normalSubmissions(server, Duration.ofSeconds(3));
            List<Long> usual = normalSubmissions(server, Duration.ofSeconds(3));
            long heapBefore = heapAfterGc();

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong abusive = new AtomicLong();
            Map5xx failures = new Map5xx();
            List<Thread> abusers = new ArrayList<>();
            abusers.add(abuser("vast exponents in a form", running, () -> {
                FormSession browser = new FormSession(server);
                StringBuilder form = new StringBuilder("csrf=" + "e".repeat(43) + "&organization=uer&a.service=housing");
                for (String criterion : List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access", "overall")) {
                    form.append("&a.").append(criterion).append("=1e30000000");
                }
                browser.cookies().put("bz_csrf", "e".repeat(43));
                failures.count(browser.send(HttpRequest.newBuilder(server.uri("/s/citizen-satisfaction"))
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form.toString())))
                        .statusCode());
                abusive.incrementAndGet();
            }));
            abusers.add(abuser("made-up static files", running, () -> {
                failures.count(server.get("/static/x" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE) + ".js", null).status());
                abusive.incrementAndGet();
            }));
            abusers.add(abuser("vast and infinite JSON numbers, oversized and deep bodies", running, () -> {
                String citizen = ApiIT.citizen("uer", 4, 9);
                for (String body : List.of(citizen.replace("\"queue_time\": 4", "\"queue_time\": 1e999"),
                        citizen.replace("\"queue_time\": 4", "\"queue_time\": 1e600000000"), " ".repeat(70 * 1024) + citizen,
                        "{\"a\":".repeat(5000) + "1" + "}".repeat(5000))) {
                    failures.count(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", body, null).status());
                    abusive.incrementAndGet();
                }
            }));
            abusers.add(abuser("stuffing from one address", running, () -> {
                HttpRequest stuffed = HttpRequest.newBuilder(server.uri("/api/v1/surveys/citizen-satisfaction/responses"))
                        .header("Content-Type", "application/json").header("X-Forwarded-For", "198.51.100.66")
                        .POST(HttpRequest.BodyPublishers.ofString(ApiIT.citizen("education", 5, 10))).build();
                failures.count(server.send(stuffed).status());
                abusive.incrementAndGet();
            }));
            abusers.add(abuser("tricklers", running, () -> {
                List<Socket> sockets = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.uri("/").getPort()), 2_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /s/citizen-satisfaction HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: 50000\r\n\r\na").getBytes(StandardCharsets.US_ASCII));
                    sockets.add(socket);
                }
                Thread.sleep(8_000);
                for (Socket socket : sockets) {
                    socket.close();
                }
                abusive.addAndGet(sockets.size());
            }));
            abusers.forEach(Thread::start);
            List<Long> underAbuse = normalSubmissions(server, ABUSE);
            running.set(false);
            for (Thread thread : abusers) {
                thread.join(30_000);
            }
            long heapAfter = heapAfterGc();

            System.out.printf("abuse load: %d abusive requests; normal submissions median %d µs, p99 %d µs before, median %d µs, p99 %d µs during "
                    + "(%d of them); heap after GC %d MB before, %d MB after%n", abusive.get(), percentile(usual, 50) / 1000, percentile(usual, 99) / 1000,
                    percentile(underAbuse, 50) / 1000, percentile(underAbuse, 99) / 1000, underAbuse.size(), heapBefore >> 20, heapAfter >> 20);
            assertThat(failures.fiveHundreds.get()).as("no abusive request made the server fail").isZero();
            assertThat(abusive.get()).as("the abuse ran").isGreaterThan(500);
            assertThat(underAbuse.size()).as("normal submissions kept being answered").isGreaterThan(50);
            assertThat(percentile(underAbuse, 50)).as("median latency of a normal submission under abuse, ns")
                    .isLessThan(Math.max(TimeUnit.MILLISECONDS.toNanos(100), 10 * percentile(usual, 50)));
            assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(64L << 20);
        }
    }

    /** Normal submissions one after another for a while, from an address of their own; each must be 201. Returns their latencies. */
    private static List<Long> normalSubmissions(TestServer server, Duration duration) throws Exception {
        List<Long> latencies = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        int n = 0;
        while (System.nanoTime() < end) {
            // A different citizen each time, as at a service counter: each address well within its limit.
            HttpRequest request = HttpRequest.newBuilder(server.uri("/api/v1/surveys/citizen-satisfaction/responses"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113." + (n++ % 200 + 1))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(ApiIT.citizen("culture", 4, 8))).build();
            long started = System.nanoTime();
            HttpResponse<String> reply = server.client().send(request, HttpResponse.BodyHandlers.ofString());
            latencies.add(System.nanoTime() - started);
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
            Thread.sleep(20);
        }
        return latencies;
    }

    private interface Abuse {
        void once() throws Exception;
    }

    private static Thread abuser(String name, AtomicBoolean running, Abuse abuse) {
        return new Thread(() -> {
            while (running.get()) {
                try {
                    abuse.once();
                }
                catch (java.io.IOException e) {
                    // the server cut an abusive connection: what it should do
                }
                catch (InterruptedException e) {
                    return;
                }
                catch (Exception e) {
                    throw new IllegalStateException(name, e);
                }
            }
        }, name);
    }

    /** Counts answers of 500 and above. */
    private static final class Map5xx {
        final AtomicLong fiveHundreds = new AtomicLong();
        final java.util.Set<Integer> statuses = ConcurrentHashMap.newKeySet();

        void count(int status) {
            statuses.add(status);
            if (status >= 500) {
                fiveHundreds.incrementAndGet();
            }
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
