package dev.lore.embedding;

import java.nio.file.Path;

/** Where a model's ONNX graph and tokenizer come from: a bundled jar or a user's directory. */
public sealed interface ModelSource {

    /** Shipped in a LangChain4j model jar as {@code <resource>.onnx} and {@code <resource>-tokenizer.json}. */
    record Bundled(String resource) implements ModelSource {
    }

    /** Dropped in by the user as {@code model.onnx} and {@code tokenizer.json} in {@code path}. */
    record Directory(Path path) implements ModelSource {
    }
}
