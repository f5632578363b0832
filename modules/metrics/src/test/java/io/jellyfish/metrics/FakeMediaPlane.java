package io.jellyfish.metrics;

import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.media.MediaPlane;

/** A media plane whose traffic totals the test sets. */
final class FakeMediaPlane implements MediaPlane {
    volatile long ingress;
    volatile long egress;

    @Override
    public MediaEndpoint openEndpoint(EndpointContext context) {
        throw new UnsupportedOperationException("no endpoints in metrics tests");
    }

    @Override
    public long ingressBytes() {
        return ingress;
    }

    @Override
    public long egressBytes() {
        return egress;
    }
}
