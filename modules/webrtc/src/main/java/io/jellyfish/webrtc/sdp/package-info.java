/** SDP offer parsing and answer building (webrtc.md 3.11). */
package io.jellyfish.webrtc.sdp;
