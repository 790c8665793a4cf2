package dev.lore.gateway.rest;

import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.error.LoreException;
import dev.lore.gateway.edge.GatewayCaller;
import dev.lore.gateway.service.KeyService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** API key administration; the secret appears once, in the answer to POST. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresPermission(Permissions.KEYS_ADMIN)
public class KeyResource {

    @Inject
    KeyService keys;
    @Inject
    GatewayCaller caller;

    @POST
    public Response create(KeyRequest body) {
        if (body == null) {
            throw LoreException.badRequest("A JSON body is required", null);
        }
        KeyService.Created created = keys.create(caller.principal(), body.name(), body.projectIds(), body.permissions(),
                body.expiresAt(), body.rateLimitRpm());
        return Response.status(201).entity(KeyView.of(created.key(), created.secret())).build();
    }

    @GET
    public Map<String, Object> list() {
        List<KeyView> data = keys.list(caller.principal()).stream().map(k -> KeyView.of(k, null)).toList();
        return Map.of("object", "list", "data", data);
    }

    @GET
    @Path("/{id}")
    public KeyView get(@PathParam("id") String id) {
        return KeyView.of(keys.get(caller.principal(), id), null);
    }

    @PATCH
    @Path("/{id}")
    public KeyView update(@PathParam("id") String id, KeyRequest body) {
        if (body == null) {
            throw LoreException.badRequest("A JSON body is required", null);
        }
        return KeyView.of(keys.update(caller.principal(), id, body.name(), body.projectIds(), body.permissions(),
                body.expiresAt(), body.rateLimitRpm(), body.status()), null);
    }

    @DELETE
    @Path("/{id}")
    public KeyView revoke(@PathParam("id") String id) {
        return KeyView.of(keys.revoke(caller.principal(), id), null);
    }
}
