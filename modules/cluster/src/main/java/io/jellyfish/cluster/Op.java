package io.jellyfish.cluster;

/** The first byte of every cluster message: what it asks for. */
enum Op {
    /** To the coordinator: reserve a room id and choose the member to create it on. */
    PLACE,
    /** To the coordinator: a reservation whose creation failed. */
    RELEASE,
    /** To the coordinator: a reservation whose room now exists on the given member. */
    CONFIRM,
    /** To the coordinator: this room was just deleted from the given member. */
    FORGET,
    /** To the chosen member: create this room. */
    CREATE,
    FIND,
    DELETE,
    ADD_PEER,
    DELETE_PEER,
    LIST,
    /** To all: does anyone host this room? (for rooms the directory does not know yet) */
    WHO_HAS,
    /** Multicast by an owner: rooms added and removed, and its forwarded-tracks figure. */
    ANNOUNCE,
    /** Multicast by an owner after a view change: its complete room list. */
    SYNC,
    /** Multicast: a server notification or metrics report for the other members' server sockets. */
    NOTIFY;

    private static final Op[] VALUES = values();

    static Op of(int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("unknown cluster operation " + code);
        }
        return VALUES[code];
    }
}
