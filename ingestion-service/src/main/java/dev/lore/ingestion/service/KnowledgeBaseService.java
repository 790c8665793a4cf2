package dev.lore.ingestion.service;

import dev.lore.chunking.ChunkStrategy;
import dev.lore.chunking.ChunkingOptions;
import dev.lore.common.error.LoreException;
import dev.lore.ingestion.config.IngestionConfig;
import dev.lore.ingestion.model.ChunkingColumns;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.KnowledgeBase;
import dev.lore.ingestion.repository.DocumentRepository;
import dev.lore.ingestion.repository.KnowledgeBaseRepository;
import dev.lore.ingestion.repository.PipelineRepository;
import dev.lore.ingestion.rest.KnowledgeBaseRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class KnowledgeBaseService {
    private static final int MAX_NAME = 200;

    @Inject
    KnowledgeBaseRepository kbs;
    @Inject
    PipelineRepository pipeline;
    @Inject
    DocumentRepository documents;
    @Inject
    DocumentService documentService;
    @Inject
    Embeddings embeddings;
    @Inject
    IngestionConfig config;

    /** The project's default knowledge base, created on first need. */
    @Transactional
    public KnowledgeBase defaultFor(String projectId) {
        return kbs.findDefault(projectId).orElseGet(() -> {
            String model = config.ingestion().defaults().embeddingModel();
            KnowledgeBase kb = newKnowledgeBase(projectId, "Default", "Documents uploaded without a knowledge base",
                    model, defaults(model));
            kb.isDefault = true;
            kbs.persist(kb);
            kbs.flush();
            return kb;
        });
    }

    /** Where an upload goes: the knowledge base it names, or the project's default (created on first need). */
    public PipelineRepository.UploadTarget uploadTarget(String projectId, UUID id) {
        return pipeline.uploadTarget(projectId, id).orElseGet(() -> {
            if (id != null) {
                throw LoreException.notFound("knowledge_base", id.toString());
            }
            // A call within this bean skips the interceptor: the transaction is begun here.
            KnowledgeBase kb = QuarkusTransaction.joiningExisting().call(() -> defaultFor(projectId));
            return new PipelineRepository.UploadTarget(kb.id, kb.chunking.toOptions());
        });
    }

    public KnowledgeBase get(String projectId, UUID id) {
        return kbs.findInProject(projectId, id).orElseThrow(() -> LoreException.notFound("knowledge_base", id.toString()));
    }

    @Transactional
    public KnowledgeBase create(String projectId, KnowledgeBaseRequest req) {
        defaultFor(projectId);
        String name = validName(req.name());
        if (kbs.nameTaken(projectId, name, null)) {
            throw LoreException.conflict("knowledge_base_exists", "A knowledge base named '" + name + "' already exists");
        }
        String model = req.embeddingModel() == null ? config.ingestion().defaults().embeddingModel()
                : validModel(req.embeddingModel());
        ChunkingOptions chunking = ChunkingSettings.resolve(req.chunkStrategy(), req.chunkSize(), req.chunkOverlap(),
                req.chunkSemanticThreshold(), defaults(model));
        KnowledgeBase kb = newKnowledgeBase(projectId, name, req.description(), model, chunking);
        kbs.persist(kb);
        return kb;
    }

    @Transactional
    public KnowledgeBase update(String projectId, UUID id, KnowledgeBaseRequest req) {
        KnowledgeBase kb = get(projectId, id);
        if (req.name() != null) {
            String name = validName(req.name());
            if (kbs.nameTaken(projectId, name, id)) {
                throw LoreException.conflict("knowledge_base_exists", "A knowledge base named '" + name + "' already exists");
            }
            kb.name = name;
        }
        if (req.description() != null) {
            kb.description = req.description();
        }
        ChunkingOptions current = kb.chunking.toOptions();
        if (req.embeddingModel() != null && !req.embeddingModel().equals(kb.embeddingModel)) {
            String model = validModel(req.embeddingModel());
            // Vectors of two models cannot share one index: change the model only while it is empty.
            if (documents.countInKnowledgeBase(projectId, id) > 0) {
                throw LoreException.conflict("knowledge_base_not_empty",
                        "The embedding model of a knowledge base that has documents cannot change; create a new knowledge base");
            }
            // A size that was the old model's default follows the model; one a user chose stays.
            ChunkingOptions old = defaults(kb.embeddingModel);
            if (current.chunkSize() == old.chunkSize() && current.chunkOverlap() == old.chunkOverlap()) {
                ChunkingOptions fitted = defaults(model);
                current = new ChunkingOptions(current.strategy(), fitted.chunkSize(), fitted.chunkOverlap(),
                        current.semanticThreshold());
            }
            kb.embeddingModel = model;
        }
        ChunkingOptions chunking = ChunkingSettings.resolve(req.chunkStrategy(), req.chunkSize(), req.chunkOverlap(),
                req.chunkSemanticThreshold(), current);
        kb.chunking = ChunkingColumns.of(chunking);
        kb.updatedAt = Instant.now();
        return kb;
    }

    /** Deletes the knowledge base and every document in it (each announced as deleted). */
    @Transactional
    public void delete(String projectId, UUID id) {
        KnowledgeBase kb = get(projectId, id);
        if (kb.isDefault) {
            throw LoreException.conflict("default_knowledge_base", "The project's default knowledge base cannot be deleted");
        }
        for (Document doc : documents.inKnowledgeBase(projectId, id)) {
            documentService.delete(projectId, doc.id);
        }
        kbs.delete(kb);
    }

    public List<KnowledgeBase> page(String projectId, int offset, int limit) {
        return kbs.listInProject(projectId).range(offset, offset + limit - 1).list();
    }

    public long count(String projectId) {
        return kbs.count("projectId", projectId);
    }

    public long documentCount(String projectId, UUID id) {
        return documents.countInKnowledgeBase(projectId, id);
    }

    /** The configured defaults, the chunk size fitted to the model's input limit. */
    private ChunkingOptions defaults(String model) {
        IngestionConfig.Defaults d = config.ingestion().defaults();
        int size = embeddings.models().exists(model)
                ? Math.min(d.chunkSize(), embeddings.models().spec(model).maxContentTokens()) : d.chunkSize();
        return new ChunkingOptions(ChunkStrategy.parse(d.chunkStrategy()), size, Math.min(d.chunkOverlap(), size / 2),
                d.chunkSemanticThreshold());
    }

    private KnowledgeBase newKnowledgeBase(String projectId, String name, String description, String model,
                                           ChunkingOptions chunking) {
        KnowledgeBase kb = new KnowledgeBase();
        kb.id = UUID.randomUUID();
        kb.projectId = projectId;
        kb.name = name;
        kb.description = description;
        kb.embeddingModel = model;
        kb.chunking = ChunkingColumns.of(chunking);
        kb.createdAt = Instant.now();
        kb.updatedAt = kb.createdAt;
        return kb;
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw LoreException.badRequest("name is required", "name");
        }
        if (name.length() > MAX_NAME) {
            throw LoreException.badRequest("name must be at most " + MAX_NAME + " characters", "name");
        }
        return name.trim();
    }

    private String validModel(String model) {
        if (!embeddings.models().exists(model)) {
            throw LoreException.badRequest("Unknown embedding model '" + model + "'; available: "
                    + String.join(", ", embeddings.models().available().stream().map(s -> s.id()).toList()),
                    "embedding_model");
        }
        return model;
    }
}
