package io.jellyfish.http.socket;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.CheckOrigin;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JF_CHECK_ORIGIN on socket upgrades (websockets-and-notifications.md 1), as Phoenix checks it: a
 * request without {@code Origin} is accepted; otherwise its scheme, host and port are compared
 * with the rule. Allowed origins may omit the scheme ({@code //host:port}), the port, or name a
 * wildcard sub-domain ({@code //*.example.com}); a bare {@code host} is taken as a host.
 */
final class OriginCheck {

    private record Allowed(String scheme, String host, int port) {}

    private final CheckOrigin rule;
    private final String configuredHost;
    private final List<Allowed> allowList;

    OriginCheck(JellyfishConfig config) {
        this.rule = config.checkOrigin();
        this.configuredHost = hostOf(config.host());
        List<Allowed> list = new ArrayList<>();
        if (rule instanceof CheckOrigin.AllowList allow) {
            for (String entry : allow.origins()) {
                Allowed allowed = parseAllowed(entry);
                if (allowed != null) {
                    list.add(allowed);
                }
            }
        }
        this.allowList = List.copyOf(list);
    }

    boolean allows(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || rule instanceof CheckOrigin.Disabled) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null) {
            return false;
        }
        String host = stripBrackets(uri.getHost().toLowerCase(Locale.ROOT));
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = portOf(scheme, uri.getPort());
        return switch (rule) {
            case CheckOrigin.Disabled disabled -> true;
            case CheckOrigin.SameAsHost sameAsHost -> host.equals(configuredHost);
            case CheckOrigin.SameAsConnection sameAsConnection -> {
                String requestScheme = request.getHttpURI().getScheme();
                String requestHost = Request.getServerName(request).toLowerCase(Locale.ROOT);
                yield host.equals(stripBrackets(requestHost)) && requestScheme.equalsIgnoreCase(scheme)
                        && port == Request.getServerPort(request);
            }
            case CheckOrigin.AllowList list -> allowList.stream().anyMatch(allowed ->
                    (allowed.scheme() == null || allowed.scheme().equals(scheme))
                            && (allowed.port() < 0 || allowed.port() == port)
                            && hostMatches(host, allowed.host()));
        };
    }

    private static boolean hostMatches(String host, String allowed) {
        if (allowed.startsWith("*.")) {
            String domain = allowed.substring(2);
            return host.equals(domain) || host.endsWith("." + domain);
        }
        return host.equals(allowed);
    }

    private static Allowed parseAllowed(String entry) {
        String text = entry.contains("//") ? entry : "//" + entry;
        // A wildcard is not a valid URI host: parse a placeholder, then put the wildcard back.
        boolean wildcard = text.contains("//*.");
        try {
            URI uri = new URI(wildcard ? text.replace("//*.", "//wildcard.") : text);
            if (uri.getHost() == null) {
                return null;
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            if (wildcard) {
                host = "*." + host.substring("wildcard.".length());
            }
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : (scheme == null ? -1 : portOf(scheme, -1));
            return new Allowed(scheme, host, port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The explicit port, else the scheme's default, else -1. */
    private static int portOf(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        if ("https".equals(scheme) || "wss".equals(scheme)) {
            return 443;
        }
        if ("http".equals(scheme) || "ws".equals(scheme)) {
            return 80;
        }
        return -1;
    }

    /** The host part of JF_HOST ({@code host}, {@code host:port}, {@code [v6]:port}). */
    static String hostOf(String address) {
        String host = address;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end > 0 ? host.substring(1, end) : host;
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
