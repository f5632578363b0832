package io.jellyfish.webrtc.turn;

import java.net.InetSocketAddress;

/** {@link RelayPath} of one allocation towards one virtual host address. */
final class AllocationPath implements RelayPath {
    final Allocation allocation;
    final int peerIp;
    final int peerPort;
    private final InetSocketAddress peerAddress;

    AllocationPath(Allocation allocation, int peerIp, int peerPort) {
        this.allocation = allocation;
        this.peerIp = peerIp;
        this.peerPort = peerPort;
        this.peerAddress = new InetSocketAddress(Ipv4.toAddress(peerIp), peerPort);
    }

    @Override
    public boolean send(byte[] data, int offset, int length) {
        return allocation.listener.sendToClient(this, data, offset, length);
    }

    @Override
    public InetSocketAddress relayedAddress() {
        return allocation.relayedAddress;
    }

    @Override
    public InetSocketAddress peerAddress() {
        return peerAddress;
    }

    @Override
    public InetSocketAddress clientAddress() {
        return allocation.client;
    }

    @Override
    public boolean isOpen() {
        return allocation.isOpen(allocation.listener.now());
    }

    @Override
    public String toString() {
        return "RelayPath[client=" + allocation.client + ", relayed=" + allocation.relayedAddress
                + ", peer=" + peerAddress + "]";
    }
}
