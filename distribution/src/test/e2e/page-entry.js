// The page side of the browser tests: the unmodified SDK, wrapped so that every SDK event the
// tests look at is reported to the driver (window.__report, exposed by driver.mjs).
import { JellyfishClient } from "@jellyfish-dev/ts-client-sdk";

const report = (event, data) => window.__report({ event, data: data ?? null });
const peerView = (peer) => ({ id: peer.id, type: peer.type, metadata: peer.metadata ?? null });
const trackView = (ctx) => ({
  trackId: ctx?.trackId ?? null,
  peerId: ctx?.endpoint?.id ?? null,
  kind: ctx?.track?.kind ?? null,
  metadata: ctx?.metadata ?? null,
  simulcast: ctx?.simulcastConfig?.enabled ?? false,
  encoding: ctx?.encoding ?? null,
});

// The receiving MediaStreamTrack's id (getStats' trackIdentifier) → the SDK's track id.
const remoteTrackIds = new Map();

// Remote tracks are played (muted) so that Chromium decodes them, as an application would.
function play(ctx) {
  if (ctx.track) remoteTrackIds.set(ctx.track.id, ctx.trackId);
  if (!ctx.stream) return;
  const element = document.createElement(ctx.track?.kind === "audio" ? "audio" : "video");
  element.autoplay = true;
  element.muted = true;
  element.playsInline = true;
  element.srcObject = ctx.stream;
  document.body.appendChild(element);
}

// What the tests assert on (e2e-browser-recipe.md 6): per remote track its inbound-rtp figures,
// and the candidate pair the connection selected, with the send-side estimate Chromium derives
// from the server's transport-cc feedback.
async function collectStats(client) {
  const report = await client.getStatistics();
  const byId = new Map();
  report.forEach((entry) => byId.set(entry.id, entry));
  const inbound = [];
  const outbound = [];
  let pair = null;
  report.forEach((entry) => {
    if (entry.type === "inbound-rtp") {
      inbound.push({
        kind: entry.kind, trackIdentifier: entry.trackIdentifier ?? null, ssrc: entry.ssrc,
        packetsReceived: entry.packetsReceived ?? 0, bytesReceived: entry.bytesReceived ?? 0,
        packetsLost: entry.packetsLost ?? 0, nackCount: entry.nackCount ?? 0,
        framesDecoded: entry.framesDecoded ?? 0, frameWidth: entry.frameWidth ?? 0, frameHeight: entry.frameHeight ?? 0,
        codec: byId.get(entry.codecId)?.mimeType ?? null,
      });
    } else if (entry.type === "outbound-rtp") {
      outbound.push({ kind: entry.kind, bytesSent: entry.bytesSent ?? 0, rid: entry.rid ?? null,
        frameHeight: entry.frameHeight ?? 0 });
    } else if (entry.type === "transport" && entry.selectedCandidatePairId) {
      const selected = byId.get(entry.selectedCandidatePairId);
      const local = selected && byId.get(selected.localCandidateId);
      const remote = selected && byId.get(selected.remoteCandidateId);
      pair = {
        state: selected?.state ?? null,
        localType: local?.candidateType ?? null, localUrl: local?.url ?? null, relayProtocol: local?.relayProtocol ?? null,
        remoteType: remote?.candidateType ?? null, remoteAddress: remote?.address ?? null, remotePort: remote?.port ?? null,
        availableOutgoingBitrate: selected?.availableOutgoingBitrate ?? null,
      };
    }
  });
  // trackIdentifier is the receiving MediaStreamTrack's id: map it to the SDK's track id.
  for (const entry of inbound) {
    entry.trackId = remoteTrackIds.get(entry.trackIdentifier) ?? null;
  }
  return { inbound, outbound, pair };
}

window.jf = {
  client: null,

  connect({ token, metadata, host }) {
    const client = new JellyfishClient();
    this.client = client;
    client.on("socketOpen", () => report("socketOpen"));
    client.on("socketError", () => report("socketError"));
    client.on("socketClose", (e) => report("socketClose", { code: e.code, reason: e.reason }));
    client.on("authSuccess", () => report("authSuccess"));
    client.on("authError", (reason) => report("authError", { reason }));
    client.on("joined", (peerId, peers, components) =>
      report("joined", { peerId, peers: peers.map(peerView), components: components.map(peerView) }));
    client.on("joinError", (metadata) => report("joinError", { metadata }));
    client.on("peerJoined", (peer) => report("peerJoined", peerView(peer)));
    client.on("peerUpdated", (peer) => report("peerUpdated", peerView(peer)));
    client.on("peerLeft", (peer) => report("peerLeft", peerView(peer)));
    client.on("disconnected", () => report("disconnected"));
    client.on("connectionError", (message) => report("connectionError", { message }));
    client.on("trackAdded", (ctx) => {
      report("trackAdded", trackView(ctx));
      ctx.on("encodingChanged", (changed) => report("encodingChanged", trackView(changed)));
    });
    client.on("trackReady", (ctx) => {
      play(ctx);
      report("trackReady", trackView(ctx));
    });
    client.on("trackUpdated", (ctx) => report("trackUpdated", trackView(ctx)));
    client.on("trackRemoved", (ctx) => report("trackRemoved", trackView(ctx)));
    // The server's estimate of this peer's downlink (webrtc.md 5.5); the SDK may hand it over as a bigint.
    client.on("bandwidthEstimationChanged", (estimation) =>
      report("bandwidthEstimation", { estimation: Number(estimation) }));
    // Always pass signaling: the SDK's default host is localhost:5002.
    client.connect({ token, peerMetadata: metadata, signaling: { host, protocol: "ws", path: "/socket/peer/websocket" } });
  },

  updateMetadata(metadata) {
    this.client.updatePeerMetadata(metadata);
  },

  disconnect() {
    this.client.disconnect();
  },

  /** Publishes the fake camera and microphone; {simulcast: true} sends the video in l/m/h layers. */
  async publish({ simulcast, width, height } = {}) {
    const video = { width: width ?? 640, height: height ?? 480 };
    const stream = await navigator.mediaDevices.getUserMedia({ video, audio: true });
    for (const track of [...stream.getAudioTracks(), ...stream.getVideoTracks()]) {
      const simulcastConfig = track.kind === "video" && simulcast
        ? { enabled: true, activeEncodings: ["l", "m", "h"] }
        : { enabled: false, activeEncodings: [] };
      const trackId = await this.client.addTrack(track, stream, { kind: track.kind }, simulcastConfig);
      report("published", { trackId, kind: track.kind });
    }
  },

  async removeTrack({ trackId }) {
    await this.client.removeTrack(trackId);
    report("trackUnpublished", { trackId });
  },

  updateTrackMetadata({ trackId, metadata }) {
    this.client.updateTrackMetadata(trackId, metadata);
  },

  setTargetEncoding({ trackId, encoding }) {
    this.client.setTargetTrackEncoding(trackId, encoding);
  },

  /** Reports {tag, inbound, outbound, pair}: the tag tells a test which request it answers. */
  async stats({ tag }) {
    report("stats", { tag, ...(await collectStats(this.client)) });
  },
};
