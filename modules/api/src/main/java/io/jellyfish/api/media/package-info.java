/**
 * The media-plane SPI: the room engine drives a {@link io.jellyfish.api.media.MediaPlane} through
 * one {@link io.jellyfish.api.media.MediaEndpoint} per connected WebRTC peer.
 */
package io.jellyfish.api.media;
