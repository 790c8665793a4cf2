package dev.lore.common.event;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What a batch consumer publishes before it returns (acknowledgements, dead letters). Its offsets
 * are committed only after it returns, so it must not return before these are on Kafka; and a send
 * that fails (Kafka down past the producer's delivery timeout) must not escape either, or the
 * connector fails the channel and the consumer stops for good. So: send again until Kafka takes
 * them. Consumers of these topics see a repeat as a no-op.
 */
public final class Publishing {
    private static final Logger LOG = Logger.getLogger(Publishing.class);

    private Publishing() {
    }

    /** @param sends builds the sends afresh for each attempt (a send happens when subscribed) */
    public static void untilDelivered(Supplier<List<Uni<Void>>> sends, Duration pause, String what) {
        for (int attempt = 1; ; attempt++) {
            List<Uni<Void>> batch = sends.get();
            if (batch.isEmpty()) {
                return;
            }
            try {
                Uni.join().all(batch).andFailFast().await().indefinitely();
                return;
            } catch (RuntimeException e) {
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.errorf(e, "Publishing %s failed (attempt %d); retrying in %s", what, attempt, pause);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while publishing " + what, ie);
                }
            }
        }
    }
}
