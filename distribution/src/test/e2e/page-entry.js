// The page side of the browser tests: the unmodified SDK, wrapped so that every SDK event the
// tests look at is reported to the driver (window.__report, exposed by driver.mjs).
import { JellyfishClient } from "@jellyfish-dev/ts-client-sdk";

const report = (event, data) => window.__report({ event, data: data ?? null });
const peerView = (peer) => ({ id: peer.id, type: peer.type, metadata: peer.metadata ?? null });

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
    // Always pass signaling: the SDK's default host is localhost:5002.
    client.connect({ token, peerMetadata: metadata, signaling: { host, protocol: "ws", path: "/socket/peer/websocket" } });
  },

  updateMetadata(metadata) {
    this.client.updatePeerMetadata(metadata);
  },

  disconnect() {
    this.client.disconnect();
  },
};
