package io.jellyfish.http.rest;

import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.cluster.ClusterMembership.DistributionStatus;
import io.jellyfish.api.config.JellyfishConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.TimeUnit;

/** {@code GET /health} (http-api.md 10). */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private final long startedAtNanos;
    private final String gitCommit;
    private final ClusterMembership cluster;

    HealthResource(long startedAtNanos, JellyfishConfig config, ClusterMembership cluster) {
        this.startedAtNanos = startedAtNanos;
        this.gitCommit = config.gitCommit();
        this.cluster = cluster;
    }

    @GET
    public Response health() {
        long uptime = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAtNanos);
        DistributionStatus distribution = cluster.status();
        return Responses.data(200, json -> {
            json.writeStartObject();
            json.writeStringField("status", "UP");
            json.writeNumberField("uptime", uptime);
            json.writeObjectFieldStart("distribution");
            json.writeBooleanField("enabled", distribution.enabled());
            json.writeStringField("nodeStatus", distribution.up() ? "UP" : "DOWN");
            json.writeNumberField("nodesInCluster", distribution.up() ? distribution.nodesInCluster() : 0);
            json.writeEndObject();
            json.writeStringField("version", JellyfishConfig.VERSION);
            json.writeStringField("gitCommit", gitCommit);
            json.writeEndObject();
        });
    }
}
