/** SRTP/SRTCP transforms (RFC 3711, RFC 7714). */
package io.jellyfish.webrtc.srtp;
