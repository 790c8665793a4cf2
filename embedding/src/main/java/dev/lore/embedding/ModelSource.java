package dev.lore.embedding;

import java.nio.file.Path;

/** Where a model comes from: a bundled jar or a user's directory (ONNX in-process), or a remote endpoint. */
public sealed interface ModelSource {

    /** Shipped in a LangChain4j model jar as {@code <resource>.onnx} and {@code <resource>-tokenizer.json}. */
    record Bundled(String resource) implements ModelSource {
    }

    /** Dropped in by the user as {@code model.onnx} and {@code tokenizer.json} in {@code path}. */
    record Directory(Path path) implements ModelSource {
    }

    /** Served by an OpenAI-compatible endpoint; its chunks are sized in {@code cl100k_base} tokens. */
    record Remote(RemoteModel settings) implements ModelSource {
    }
}
