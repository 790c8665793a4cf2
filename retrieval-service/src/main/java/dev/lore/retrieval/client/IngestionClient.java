package dev.lore.retrieval.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The ingestion service, which owns knowledge bases. */
@RegisterRestClient(configKey = "ingestion")
@Path("/v1/knowledge-bases")
public interface IngestionClient {

    /**
     * 200 when the knowledge base exists in the project the internal token names, 404 when not.
     * {@code authorization} is {@code "Bearer <internal token>"} minted by this service.
     */
    @GET
    @Path("/{id}")
    Response knowledgeBase(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id);
}
