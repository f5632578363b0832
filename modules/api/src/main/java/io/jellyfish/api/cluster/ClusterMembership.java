package io.jellyfish.api.cluster;

/** This node's view of the cluster, as {@code /health} reports it. */
public interface ClusterMembership {

    DistributionStatus status();

    /**
     * @param enabled        clustering is configured (JF_DIST_ENABLED)
     * @param up             this node is part of a cluster right now
     * @param nodesInCluster members including this node when up, else 0
     */
    record DistributionStatus(boolean enabled, boolean up, int nodesInCluster) {
        /** A node without clustering: reported as in Jellyfish 0.5.0's stand-alone tests. */
        public static final DistributionStatus STANDALONE = new DistributionStatus(false, false, 0);
    }
}
