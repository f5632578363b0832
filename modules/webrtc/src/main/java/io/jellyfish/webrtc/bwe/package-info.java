/**
 * Transport-wide congestion control (webrtc.md 5.1, 5.5): feedback to publishers, transport-wide
 * sequence numbers towards subscribers and a GCC-like estimate of each subscriber's downlink.
 */
package io.jellyfish.webrtc.bwe;
