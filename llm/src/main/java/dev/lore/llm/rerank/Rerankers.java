package dev.lore.llm.rerank;

import java.net.http.HttpClient;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rerankers an operator configured, by name. Names match case-insensitively because API
 * callers spell them as they please ("BGE-Rerank", "bge-rerank").
 */
public final class Rerankers {
    private final Map<String, Reranker> byKey = new LinkedHashMap<>();

    /** @throws IllegalArgumentException if two rerankers share a name, ignoring case */
    public Rerankers(Collection<? extends Reranker> rerankers) {
        for (Reranker reranker : rerankers) {
            Reranker previous = byKey.putIfAbsent(key(reranker.name()), reranker);
            if (previous != null) {
                throw new IllegalArgumentException("Rerankers '" + previous.name() + "' and '" + reranker.name()
                        + "' have the same name ignoring case");
            }
        }
    }

    /** HTTP rerankers for the settings, sharing one {@link HttpClient} so connections are pooled. */
    public static Rerankers over(Collection<RerankerSettings> settings) {
        HttpClient client = HttpClient.newHttpClient();
        return new Rerankers(settings.stream().map(s -> new HttpReranker(s, client)).toList());
    }

    public Optional<Reranker> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(name)));
    }

    /** The configured names, as the operator spelled them, in configuration order. */
    public Set<String> names() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        byKey.values().forEach(r -> names.add(r.name()));
        return Collections.unmodifiableSequencedSet(names);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
