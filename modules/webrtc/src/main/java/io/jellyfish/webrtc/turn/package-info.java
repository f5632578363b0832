/** The integrated TURN server (RFC 5766) with virtual relay addresses delivered in-process (webrtc.md 4.3). */
package io.jellyfish.webrtc.turn;
