package io.jellyfish.http.rest;

import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.room.RoomService;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The Jersey application: resources and providers registered as ready-made instances. */
public final class JellyfishApplication extends ResourceConfig {

    public JellyfishApplication(JellyfishConfig config, RoomService rooms, ClusterMembership cluster,
                                long startedAtNanos) {
        register(new RoomResource(rooms, config));
        register(new ComponentResource(rooms));
        register(new SipResource(rooms));
        register(new HealthResource(startedAtNanos, config, cluster));
        register(new MediaFilesResource(config.resourcesBasePath()));
        register(new OpenApiResource());

        register(new PathNormalizer());
        register(new ErrorBodyFilter());
        BearerAuthFilter auth = new BearerAuthFilter(config.apiToken().value());
        register((DynamicFeature) (ResourceInfo resource, FeatureContext context) -> {
            if (!resource.getResourceMethod().isAnnotationPresent(PublicRoute.class)) {
                context.register(auth);
            }
        });
        register(new ErrorMappers.RoomErrors());
        register(new ErrorMappers.FrameworkErrors());
        register(new ErrorMappers.UnexpectedErrors());

        // No WADL, no automatic features scanning the module path: only what is registered here.
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    }
}
