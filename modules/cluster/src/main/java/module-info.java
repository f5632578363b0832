/**
 * The cluster layer: a JGroups channel whose traffic is encrypted and authenticated with a key
 * derived from JF_DIST_COOKIE, discovery delegated to the strategy plugin, least-loaded room
 * placement serialised by the coordinator, and routing of room-scoped calls to the room's owner.
 */
module io.jellyfish.cluster {
    requires io.jellyfish.api;
    // JGroups ships no module descriptor; it is an automatic module named by its manifest.
    requires org.jgroups;

    // JGroups configures protocols by reflection on their fields (@Property), including ours.
    opens io.jellyfish.cluster.jgroups to org.jgroups;

    provides io.jellyfish.api.spi.ClusterProvider with io.jellyfish.cluster.ClusterProviderImpl;
}
