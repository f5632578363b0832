package io.jellyfish.http;

import io.jellyfish.api.cluster.ClusterBus;
import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.HttpApiProvider;
import io.jellyfish.api.spi.ServerContext;
import io.jellyfish.api.spi.ServerMetrics;

/** The service the launcher finds: the REST API over the registered room service. */
public final class HttpApiProviderImpl implements HttpApiProvider {
    @Override
    public RunningHttpApi start(ServerContext context) {
        ClusterMembership cluster = context.find(ClusterMembership.class)
                .orElse(() -> ClusterMembership.DistributionStatus.STANDALONE);
        JellyfishHttpServer server = new JellyfishHttpServer(context.config(), context.require(RoomService.class),
                context.require(ServerMetrics.class), cluster);
        context.find(ClusterBus.class).ifPresent(server::joinCluster);
        context.find(MediaPlane.class).ifPresent(server::reportMediaFrom);
        return server.start();
    }
}
