/** ICE-lite agent: answers connectivity checks, nomination, consent, restarts (webrtc.md 4.5). */
package io.jellyfish.webrtc.ice;
