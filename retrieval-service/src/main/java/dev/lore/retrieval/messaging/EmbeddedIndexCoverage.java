package dev.lore.retrieval.messaging;

import dev.lore.common.event.Topics;
import dev.lore.retrieval.config.RetrievalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Whether the embedded index sees the whole of {@code lore.documents.v1}. That index is this
 * instance's alone: a second instance in the workers' consumer group, with an index of its own,
 * would take some of the partitions, and each index would then hold only part of the documents
 * (Qdrant, shared by every instance, is how Lore scales out). A partial assignment is normal for
 * a while after a crash, until the group's session timeout frees the predecessor's partitions;
 * past {@code lore.worker.split-grace} the instance reports not ready, saying why.
 */
@Readiness
@ApplicationScoped
public class EmbeddedIndexCoverage implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(EmbeddedIndexCoverage.class);
    private static final String NAME = "embedded-index-coverage";

    @Inject
    RetrievalConfig config;

    private volatile Instant partialSince;
    private volatile String held;

    /** After each rebalance: how many of the topic's partitions this instance's worker holds. */
    void assigned(int partitions, int of) {
        held = partitions + " of " + of;
        if (partitions >= of) {
            partialSince = null;
            return;
        }
        if (partialSince == null) {
            partialSince = Instant.now();
        }
        LOG.warnf("The embedded index receives %d of the %d partitions of %s: another member of the consumer group "
                + "holds the rest. If it is a second instance with its own embedded index, each index misses "
                + "documents: run one instance, or all of them on Qdrant (LORE_INDEX_KIND=qdrant). Not ready if "
                + "this lasts %s.", partitions, of, Topics.DOCUMENTS, config.worker().splitGrace());
    }

    @Override
    public HealthCheckResponse call() {
        Instant since = partialSince;
        boolean split = since != null
                && Duration.between(since, Instant.now()).compareTo(config.worker().splitGrace()) >= 0;
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(!split);
        if (held != null) {
            response.withData("partitions", held).withData("topic", Topics.DOCUMENTS);
        }
        if (since != null) {
            response.withData("reason", "another consumer in the group holds the rest; an embedded index must "
                    + "receive every partition (use Qdrant to run more than one instance)");
        }
        return response.build();
    }
}
