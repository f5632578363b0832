package io.jellyfish.cluster.wire;

import io.jellyfish.api.room.ComponentSnapshot;
import io.jellyfish.api.room.PeerCreated;
import io.jellyfish.api.room.PeerSnapshot;
import io.jellyfish.api.room.PeerStatus;
import io.jellyfish.api.room.PlacedRoom;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomSnapshot;
import io.jellyfish.api.room.TrackSnapshot;
import io.jellyfish.api.room.VideoCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary encoding of room values between members: explicit, versionless field by field,
 * with no Java serialisation (nothing received is ever deserialised into arbitrary classes).
 */
public final class Wire {

    private Wire() {
    }

    /** A writer of one message body. */
    public static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Out u8(int value) {
            try {
                out.writeByte(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out i64(long value) {
            try {
                out.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out bool(boolean value) {
            return u8(value ? 1 : 0);
        }

        /** A nullable string. */
        public Out str(String value) {
            try {
                out.writeBoolean(value != null);
                if (value != null) {
                    byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** A byte string (an encoded protobuf message). */
        public Out bytesField(byte[] value) {
            try {
                out.writeInt(value.length);
                out.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** A nullable int. */
        public Out int32(Integer value) {
            try {
                out.writeBoolean(value != null);
                if (value != null) {
                    out.writeInt(value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out strings(List<String> values) {
            i64(values.size());
            for (String value : values) {
                str(value);
            }
            return this;
        }

        public Out config(RoomConfig config) {
            str(config.roomId()).int32(config.maxPeers())
                    .str(config.videoCodec() == null ? null : config.videoCodec().wireName())
                    .str(config.webhookUrl()).int32(config.peerlessPurgeTimeout()).int32(config.peerDisconnectedTimeout());
            return this;
        }

        public Out room(RoomSnapshot room) {
            str(room.id()).config(room.config());
            i64(room.components().size());
            for (ComponentSnapshot component : room.components()) {
                str(component.id()).str(component.type()).str(component.properties()).tracks(component.tracks());
            }
            i64(room.peers().size());
            for (PeerSnapshot peer : room.peers()) {
                peer(peer);
            }
            return this;
        }

        public Out peer(PeerSnapshot peer) {
            return str(peer.id()).str(peer.type()).bool(peer.status() == PeerStatus.CONNECTED)
                    .tracks(peer.tracks()).str(peer.metadata());
        }

        private Out tracks(List<TrackSnapshot> tracks) {
            i64(tracks.size());
            for (TrackSnapshot track : tracks) {
                str(track.id()).str(track.type()).str(track.metadata());
            }
            return this;
        }

        public Out error(RoomException error) {
            return u8(error.kind().ordinal()).str(error.getMessage());
        }

        /** The underlying stream, for values encoded by JGroups itself (addresses). */
        public DataOutputStream data() {
            return out;
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** A reader of one message body; malformed input raises {@link IllegalArgumentException}. */
    public static final class In {
        private static final int MAX_STRING = 1 << 20;
        private static final int MAX_COUNT = 1 << 20;
        private final DataInputStream in;

        public In(byte[] bytes) {
            this.in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        /** The underlying stream, for values decoded by JGroups itself (addresses). */
        public DataInputStream data() {
            return in;
        }

        public int u8() {
            try {
                return in.readUnsignedByte();
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        public long i64() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        public boolean bool() {
            return u8() != 0;
        }

        public String str() {
            try {
                if (!in.readBoolean()) {
                    return null;
                }
                int length = in.readInt();
                if (length < 0 || length > MAX_STRING) {
                    throw new IllegalArgumentException("string length " + length);
                }
                byte[] utf8 = in.readNBytes(length);
                if (utf8.length != length) {
                    throw new IllegalArgumentException("truncated string");
                }
                return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        public byte[] bytesField() {
            try {
                int length = in.readInt();
                if (length < 0 || length > MAX_STRING) {
                    throw new IllegalArgumentException("byte string length " + length);
                }
                byte[] value = in.readNBytes(length);
                if (value.length != length) {
                    throw new IllegalArgumentException("truncated byte string");
                }
                return value;
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        public Integer int32() {
            try {
                return in.readBoolean() ? in.readInt() : null;
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        public int count() {
            long count = i64();
            if (count < 0 || count > MAX_COUNT) {
                throw new IllegalArgumentException("count " + count);
            }
            return (int) count;
        }

        public List<String> strings() {
            int count = count();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(str());
            }
            return values;
        }

        public RoomConfig config() {
            String roomId = str();
            Integer maxPeers = int32();
            String codec = str();
            return new RoomConfig(roomId, maxPeers, codec == null ? null : VideoCodec.fromWireName(codec), str(),
                    int32(), int32());
        }

        public RoomSnapshot room() {
            String id = str();
            RoomConfig config = config();
            int components = count();
            List<ComponentSnapshot> componentList = new ArrayList<>(components);
            for (int i = 0; i < components; i++) {
                componentList.add(new ComponentSnapshot(str(), str(), str(), tracks()));
            }
            int peers = count();
            List<PeerSnapshot> peerList = new ArrayList<>(peers);
            for (int i = 0; i < peers; i++) {
                peerList.add(peer());
            }
            return new RoomSnapshot(id, config, componentList, peerList);
        }

        public PeerSnapshot peer() {
            String id = str();
            String type = str();
            PeerStatus status = bool() ? PeerStatus.CONNECTED : PeerStatus.DISCONNECTED;
            return new PeerSnapshot(id, type, status, tracks(), str());
        }

        private List<TrackSnapshot> tracks() {
            int count = count();
            List<TrackSnapshot> tracks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                tracks.add(new TrackSnapshot(str(), str(), str()));
            }
            return tracks;
        }

        public RoomException error() {
            int kind = u8();
            RoomException.Kind[] kinds = RoomException.Kind.values();
            if (kind >= kinds.length) {
                throw new IllegalArgumentException("error kind " + kind);
            }
            return new RoomException(kinds[kind], str());
        }

        private static IllegalArgumentException malformed(IOException e) {
            return new IllegalArgumentException("malformed cluster message: " + e.getMessage(), e);
        }
    }

    public static PlacedRoom placed(In in) {
        return new PlacedRoom(in.room(), in.str());
    }

    public static Out placed(Out out, PlacedRoom placed) {
        return out.room(placed.room()).str(placed.address());
    }

    public static PeerCreated peerCreated(In in) {
        return new PeerCreated(in.peer(), in.str(), in.str());
    }

    public static Out peerCreated(Out out, PeerCreated created) {
        return out.peer(created.peer()).str(created.token()).str(created.address());
    }
}
