/** RTP/RTCP parsing and the forwarding rewrite (webrtc.md 5). */
package io.jellyfish.webrtc.rtp;
