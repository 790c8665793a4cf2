package dev.lore.ingestion.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores statuses as their lower-case API names, so SQL and the API read the same. */
@Converter
public class DocumentStatusConverter implements AttributeConverter<DocumentStatus, String> {
    @Override
    public String convertToDatabaseColumn(DocumentStatus status) {
        return status == null ? null : status.id();
    }

    @Override
    public DocumentStatus convertToEntityAttribute(String value) {
        return value == null ? null : DocumentStatus.parse(value);
    }
}
