package io.jellyfish.cluster.jgroups;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ByteArray;
import org.jgroups.util.FastArray;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encrypts and authenticates every cluster message with AES-256-GCM under a key derived from
 * JF_DIST_COOKIE. It sits directly above the transport, so everything above it (discovery,
 * membership, failure detection, room RPCs) travels sealed: the whole message, headers included,
 * is serialised and encrypted, leaving only the nonce and the transport's own framing in clear.
 * A message that fails authentication (another cookie, tampering, not a member) is dropped.
 */
public final class ClusterCipher extends Protocol {

    public static final short PROTOCOL_ID = 3900;
    private static final System.Logger LOG = System.getLogger(ClusterCipher.class.getName());
    private static final int TAG_BITS = 128;
    private static final long COUNTER_LIMIT = 1L << 32;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    static {
        ClassConfigurator.add(CipherHeader.MAGIC_ID, CipherHeader.class);
        ClassConfigurator.addProtocol(PROTOCOL_ID, ClusterCipher.class);
    }

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> encryptors = ThreadLocal.withInitial(ClusterCipher::newCipher);
    private final ThreadLocal<Cipher> decryptors = ThreadLocal.withInitial(ClusterCipher::newCipher);
    private final AtomicLong counter = new AtomicLong();
    private volatile long noncePrefix;
    private final Map<Object, Long> lastWarning = new ConcurrentHashMap<>();

    public ClusterCipher(SecretKey key) {
        this.key = key;
        this.noncePrefix = random.nextLong();
        this.id = PROTOCOL_ID;
    }

    @Override
    public Object down(Message msg) {
        try {
            if (msg.getSrc() == null) {
                msg.setSrc(local_addr);
            }
            ByteArray plain = Util.messageToBuffer(msg);
            byte[] nonce = nextNonce();
            Cipher cipher = encryptors.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getArray(), plain.getOffset(), plain.getLength());
            Message outer = new BytesMessage(msg.getDest(), sealed)
                    .setSrc(msg.getSrc())
                    .setFlag(msg.getFlags(false), false)
                    .setFlag(msg.getFlags(true), true)
                    .putHeader(PROTOCOL_ID, new CipherHeader(nonce));
            return down_prot.down(outer);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot encrypt a cluster message; it was not sent", e);
            return null;
        }
    }

    @Override
    public Object up(Message msg) {
        Message inner = open(msg);
        return inner == null ? null : up_prot.up(inner);
    }

    @Override
    public void up(MessageBatch batch) {
        FastArray<Message>.FastIterator it = (FastArray<Message>.FastIterator) batch.iterator();
        while (it.hasNext()) {
            Message inner = open(it.next());
            if (inner == null) {
                it.remove();
            } else {
                it.replace(inner);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    /** The authenticated inner message, or null when the message must be dropped. */
    private Message open(Message msg) {
        CipherHeader header = msg.getHeader(PROTOCOL_ID);
        if (header == null) {
            warnOnce(msg.getSrc(), "cluster traffic from {0} was not encrypted and was dropped: "
                    + "it does not come from a member of this cluster");
            return null;
        }
        try {
            Cipher cipher = decryptors.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, header.nonce));
            byte[] plain = cipher.doFinal(msg.getArray(), msg.getOffset(), msg.getLength());
            return Util.messageFromBuffer(plain, 0, plain.length);
        } catch (AEADBadTagException e) {
            warnOnce(msg.getSrc(), "cluster traffic from {0} failed authentication and was dropped: "
                    + "that node uses a different JF_DIST_COOKIE");
            return null;
        } catch (Exception e) {
            warnOnce(msg.getSrc(), "cluster traffic from {0} could not be decrypted and was dropped: " + e);
            return null;
        }
    }

    private byte[] nextNonce() {
        long count = counter.getAndIncrement();
        if (count >= COUNTER_LIMIT) {
            synchronized (this) {
                // A fresh random prefix before the counter could repeat a nonce under the same key.
                if (counter.get() >= COUNTER_LIMIT) {
                    noncePrefix = random.nextLong();
                    counter.set(0);
                }
            }
            count = counter.getAndIncrement();
        }
        return ByteBuffer.allocate(CipherHeader.NONCE_LENGTH).putLong(noncePrefix).putInt((int) count).array();
    }

    private void warnOnce(Address source, String message) {
        Object sender = source == null ? "an unknown sender" : source;
        long now = System.nanoTime();
        Long last = lastWarning.get(sender);
        if (last == null || now - last > WARN_INTERVAL_NANOS) {
            lastWarning.put(sender, now);
            if (lastWarning.size() > 1000) {
                lastWarning.clear(); // bounded: a flood of forged senders cannot grow this map
            }
            LOG.log(Level.WARNING, message, sender);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every JDK", e);
        }
    }
}
