package dev.lore.common.page;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The paged {@code /v1} list shape: {@code {"data":[…],"total":N,"page":P,"page_size":S}}. */
public record PageResponse<T>(List<T> data, long total, int page, @JsonProperty("page_size") int pageSize) {}
