/** DTLS 1.2 server with use_srtp over BouncyCastle (webrtc.md 4.6). */
package io.jellyfish.webrtc.dtls;
