package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.turn.RelayPath;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A selected path that keeps a copy of everything sent through it. */
final class RecordingPath implements RelayPath {
    final List<byte[]> sent = new ArrayList<>();

    @Override
    public boolean send(byte[] data, int offset, int length) {
        sent.add(Arrays.copyOfRange(data, offset, offset + length));
        return true;
    }

    @Override
    public InetSocketAddress relayedAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override
    public InetSocketAddress peerAddress() {
        return new InetSocketAddress("127.0.0.1", 2);
    }

    @Override
    public InetSocketAddress clientAddress() {
        return new InetSocketAddress("127.0.0.1", 3);
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
