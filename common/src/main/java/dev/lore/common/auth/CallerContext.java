package dev.lore.common.auth;

import jakarta.enterprise.context.RequestScoped;

/** The verified {@link Caller} of the current request, set by {@link InternalAuthFilter}. */
@RequestScoped
public class CallerContext {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no verified caller: the request did not pass InternalAuthFilter");
        }
        return caller;
    }
}
