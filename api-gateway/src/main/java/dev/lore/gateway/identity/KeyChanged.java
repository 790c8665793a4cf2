package dev.lore.gateway.identity;

/** A key was changed (disabled, re-enabled, revoked, re-scoped): fired inside the changing transaction. */
public record KeyChanged(byte[] secretHash) {}
