package ru.berezhno.server.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A request body must arrive at a minimum rate: after a grace period, a request that has sent
 * fewer bytes than the rate times the time since it began has its connection closed; and it must be
 * whole within a deadline, whatever its rate, unless it is declared larger than {@code
 * deadlineFromBytes} (an import of many thousand questionnaires, which only has to keep the rate). The idle
 * timeout alone lets a client keep a request open for ever by sending a byte now and then; Jetty 12
 * keeps {@code HttpConfiguration.minRequestDataRate} only for the servlet layer, which this server
 * does not use. The check runs once a second on Jetty's scheduler until the body's last byte is in
 * or the request ends, and costs nothing per byte but a counter.
 */
public final class MinimumDataRateHandler extends Handler.Wrapper {
    private final long bytesPerSecond;
    private final long graceNanos;
    private final long deadlineNanos;
    private final long deadlineUpToBytes;

    public MinimumDataRateHandler(Handler next, long bytesPerSecond, long graceMillis, long deadlineMillis, long deadlineUpToBytes) {
        super(next);
        if (bytesPerSecond <= 0 || graceMillis < 0 || deadlineMillis <= graceMillis) {
            throw new IllegalArgumentException("the rate must be positive, the grace not negative and the deadline after it");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        this.deadlineUpToBytes = deadlineUpToBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method) || HttpMethod.OPTIONS.is(method) || request.getLength() == 0) {
            return super.handle(request, response, callback);
        }
        Watch watch = new Watch(request, request.getLength() <= deadlineUpToBytes ? deadlineNanos : Long.MAX_VALUE);
        Request counted = new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null) {
                    watch.received(chunk);
                }
                return chunk;
            }
        };
        watch.schedule();
        return super.handle(counted, response, Callback.from(callback, watch::stop));
    }

    /** The bytes a request has sent, checked once a second against the rate. */
    private final class Watch implements Runnable {
        private final Request request;
        private final Scheduler scheduler;
        private final long started = System.nanoTime();
        private final AtomicLong bytes = new AtomicLong();
        private final long deadline;
        private volatile boolean done;

        Watch(Request request, long deadline) {
            this.request = request;
            this.deadline = deadline;
            this.scheduler = request.getComponents().getScheduler();
        }

        void received(Content.Chunk chunk) {
            bytes.addAndGet(chunk.remaining());
            if (chunk.isLast()) {
                done = true;
            }
        }

        void stop() {
            done = true;
        }

        void schedule() {
            scheduler.schedule(this, 1, TimeUnit.SECONDS);
        }

        @Override
        public void run() {
            if (done) {
                return;
            }
            long elapsed = System.nanoTime() - started;
            if (elapsed > deadline || elapsed > graceNanos && bytes.get() < bytesPerSecond * (elapsed - graceNanos) / TimeUnit.SECONDS.toNanos(1)) {
                // Too slow: the connection goes, and with it whatever waits for this body.
                request.getConnectionMetaData().getConnection().getEndPoint().close();
                return;
            }
            schedule();
        }
    }
}
