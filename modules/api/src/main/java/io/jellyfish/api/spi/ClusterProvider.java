package io.jellyfish.api.spi;

import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.room.RoomService;

/**
 * Provides the cluster layer, started only when JF_DIST_ENABLED=true. It joins the other members
 * found by the discovery strategy and returns a room service that places new rooms on the
 * least-loaded member and serves room-scoped calls on behalf of the room's owner.
 */
public interface ClusterProvider {

    /**
     * @param context   the context, holding the local {@link RoomService} (this node's engine)
     * @param discovery the strategy chosen by JF_DIST_STRATEGY_NAME, already started
     */
    RunningCluster start(ServerContext context, DiscoveryStrategy discovery);

    /** A joined cluster member. */
    interface RunningCluster extends AutoCloseable {
        /** The cluster-wide room service that replaces the local one for the HTTP API. */
        RoomService rooms();

        ClusterMembership membership();

        /** The cluster-wide bus for server notifications and metrics reports. */
        io.jellyfish.api.cluster.ClusterBus bus();

        /** Leaves the cluster. */
        @Override
        void close();
    }
}
