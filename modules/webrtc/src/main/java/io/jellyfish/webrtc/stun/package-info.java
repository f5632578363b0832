/** STUN message codec (RFC 5389/8489): attributes, MESSAGE-INTEGRITY, FINGERPRINT. */
package io.jellyfish.webrtc.stun;
