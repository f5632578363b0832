package io.jellyfish.cluster.jgroups;

import org.jgroups.Header;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.Supplier;

/** The only clear-text part {@link ClusterCipher} adds to a message: the GCM nonce. */
public final class CipherHeader extends Header {

    static final short MAGIC_ID = 3901;
    static final int NONCE_LENGTH = 12;

    byte[] nonce;

    public CipherHeader() {
    }

    CipherHeader(byte[] nonce) {
        this.nonce = nonce;
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return CipherHeader::new;
    }

    @Override
    public int serializedSize() {
        return NONCE_LENGTH;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.write(nonce);
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        nonce = new byte[NONCE_LENGTH];
        in.readFully(nonce);
    }
}
