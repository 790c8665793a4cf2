package dev.lore.common.page;

import dev.lore.common.error.LoreException;

/** A validated 1-based page request. */
public record PageRequest(int page, int pageSize) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public static PageRequest of(Integer page, Integer pageSize) {
        int p = page == null ? 1 : page;
        int s = pageSize == null ? DEFAULT_SIZE : pageSize;
        if (p < 1) {
            throw LoreException.badRequest("page must be 1 or more", "page");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw LoreException.badRequest("page_size must be between 1 and " + MAX_SIZE, "page_size");
        }
        return new PageRequest(p, s);
    }

    public int offset() {
        return (page - 1) * pageSize;
    }
}
