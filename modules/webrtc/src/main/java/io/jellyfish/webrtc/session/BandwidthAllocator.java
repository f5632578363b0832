package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.rtp.PaddingProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Splits one subscriber's downlink estimate among the tracks it receives (webrtc.md 5.5, 5.6).
 * Audio is reserved 35 kbps, a non-simulcast video its publisher's max bitrate, and a simulcast
 * video not yet negotiable (its first 500 ms) the layer it would get; every rate counts with 10%
 * overhead. The rest goes to the negotiable simulcast tracks: each gets its lowest active layer,
 * then, in subscription order and one layer at a time, the next active layer up to its target
 * while it fits. A track whose current layer no longer fits steps down one layer
 * ({@code low_bandwidth}); one that fits more steps up ({@code other}). Video is never dropped:
 * the lowest active layer is the floor.
 *
 * <p>While a track gets less than it wants, the unallocated part of the estimate is filled with
 * padding-only probes on one forwarding video subscription, so the estimate can grow past what
 * the media alone would let it (it is capped by the acknowledged throughput).
 *
 * <p>{@link #allocate} runs on the plane's single timer thread only (its ticks and the target
 * changes posted to it); subscriptions come and go from the signalling thread, probes are taken
 * on publishers' packet threads.
 */
final class BandwidthAllocator {
    static final long NEGOTIABLE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long TICK_MILLIS = 250;
    static final long AUDIO_RESERVE_BPS = withOverhead(35_000);
    static final int MAX_PROBES_PER_FLUSH = 30;
    /** One probe on the wire: RTP header, transport-cc block, 255 padding bytes, SRTP tag. */
    static final int PROBE_BITS = (PaddingProbe.LENGTH_WITH_TRANSPORT_CC + 10) * 8;

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final DoubleSupplier estimateBps;
    private final AtomicInteger queuedProbes = new AtomicInteger();
    private volatile Subscription probeCarrier;

    /** @param estimateBps the subscriber's transport-cc estimate, negative before the first feedback */
    BandwidthAllocator(DoubleSupplier estimateBps) {
        this.estimateBps = estimateBps;
    }

    void add(Subscription subscription) {
        subscriptions.add(subscription);
    }

    void remove(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    /** One round with the current estimate; the timer thread only. */
    void allocate(long now) {
        allocate(estimateBps.getAsDouble(), now);
    }

    void allocate(double estimate, long now) {
        if (estimate <= 0) {
            // No feedback yet (or no transport-cc): nothing to split, video flows uncapped.
            queuedProbes.set(0);
            return;
        }
        // Whole bits/s: the same inputs always give the same split, with no rounding at the edges.
        long budget = (long) estimate;
        List<Grant> grants = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            InboundTrack track = subscription.track;
            if (!track.video()) {
                budget -= AUDIO_RESERVE_BPS;
            } else if (!track.simulcast()) {
                budget -= cost(track.layers.getFirst());
            } else if (!subscription.negotiable(now)) {
                budget -= cost(subscription.desiredLayer());
            } else {
                Grant grant = Grant.of(subscription);
                if (grant != null) {
                    budget -= cost(grant.layer);
                    grants.add(grant);
                }
            }
        }
        boolean upgraded = true;
        while (upgraded) {
            upgraded = false;
            for (Grant grant : grants) {
                InboundTrack.Layer next = grant.nextUp();
                if (next != null && cost(next) - cost(grant.layer) <= budget) {
                    budget -= cost(next) - cost(grant.layer);
                    grant.layer = next;
                    upgraded = true;
                }
            }
        }
        boolean wantsMore = false;
        for (Grant grant : grants) {
            apply(grant, now);
            wantsMore |= grant.layer.quality < grant.wanted.quality;
        }
        queueProbes(wantsMore ? budget : 0);
    }

    /** Moves a subscription's cap towards its grant: down one layer at a time, up at once. */
    private static void apply(Grant grant, long now) {
        Subscription subscription = grant.subscription;
        int current = Math.min(subscription.allowedQuality(), grant.wanted.quality);
        if (grant.layer.quality < current) {
            subscription.setAllowedQuality(grant.activeBelow(current).quality, now);
        } else if (grant.layer.quality > current) {
            subscription.setAllowedQuality(grant.layer.quality, now);
        }
    }

    /** Asks for enough probes to send {@code paddingBps} until the next round, on the first forwarding video. */
    private void queueProbes(long paddingBps) {
        Subscription carrier = null;
        for (Subscription subscription : subscriptions) {
            if (subscription.track.video() && subscription.currentEncoding() != null) {
                carrier = subscription;
                break;
            }
        }
        probeCarrier = carrier;
        int probes = carrier == null || paddingBps <= 0 ? 0
                : (int) Math.ceil(paddingBps * TICK_MILLIS / 1000.0 / PROBE_BITS);
        queuedProbes.set(probes);
    }

    /**
     * How many probes {@code subscription} sends after the frame it just forwarded: at most 30,
     * and none unless it carries them. Runs on its publisher's packet thread; allocation-free.
     */
    int takeProbes(Subscription subscription) {
        if (subscription != probeCarrier) {
            return 0;
        }
        while (true) {
            int queued = queuedProbes.get();
            int taken = Math.min(queued, MAX_PROBES_PER_FLUSH);
            if (taken == 0 || queuedProbes.compareAndSet(queued, queued - taken)) {
                return taken;
            }
        }
    }

    static long cost(InboundTrack.Layer layer) {
        return withOverhead(layer.bitrate);
    }

    /** webrtc.md 5.6: every rate counts 10% more, for headers and retransmissions. */
    private static long withOverhead(long bps) {
        return bps * 11 / 10;
    }

    /** One negotiable simulcast subscription's share while a round runs. */
    private static final class Grant {
        final Subscription subscription;
        /** Its best active layer up to the target: what it gets if bandwidth allows. */
        final InboundTrack.Layer wanted;
        InboundTrack.Layer layer;

        private Grant(Subscription subscription, InboundTrack.Layer wanted, InboundTrack.Layer floor) {
            this.subscription = subscription;
            this.wanted = wanted;
            this.layer = floor;
        }

        /** Null when no layer is active: nothing flows, so nothing to allocate. */
        static Grant of(Subscription subscription) {
            int target = subscription.targetLayer().quality;
            InboundTrack.Layer floor = null;
            InboundTrack.Layer wanted = null;
            for (InboundTrack.Layer layer : subscription.track.layers) {
                if (!layer.active()) {
                    continue;
                }
                if (floor == null || layer.quality < floor.quality) {
                    floor = layer;
                }
                if (layer.quality <= target && (wanted == null || layer.quality > wanted.quality)) {
                    wanted = layer;
                }
            }
            return floor == null ? null : new Grant(subscription, wanted == null ? floor : wanted, floor);
        }

        /** The next active layer above the granted one, up to the wanted one. */
        InboundTrack.Layer nextUp() {
            InboundTrack.Layer next = null;
            for (InboundTrack.Layer candidate : subscription.track.layers) {
                if (candidate.active() && candidate.quality > layer.quality && candidate.quality <= wanted.quality
                        && (next == null || candidate.quality < next.quality)) {
                    next = candidate;
                }
            }
            return next;
        }

        /** The highest active layer below {@code quality}, but not below the grant. */
        InboundTrack.Layer activeBelow(int quality) {
            InboundTrack.Layer below = layer;
            for (InboundTrack.Layer candidate : subscription.track.layers) {
                if (candidate.active() && candidate.quality < quality && candidate.quality > below.quality) {
                    below = candidate;
                }
            }
            return below;
        }
    }
}
