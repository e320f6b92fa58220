package io.keysweep.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where keysweep's Redis is and how to log in, parsed from a {@code redis://} or {@code rediss://} URL.
 * {@link #toString()} names host, port and database only: the password never leaves this object.
 */
public final class RedisEndpoint {

    private static final int DEFAULT_PORT = 6379;

    private final String host;
    private final int port;
    private final int database;
    private final boolean tls;
    private final String username;
    private final String password;

    private RedisEndpoint(String host, int port, int database, boolean tls, String username, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.tls = tls;
        this.username = username;
        this.password = password;
    }

    /**
     * @param url              {@code redis[s]://[[user]:password@]host[:port][/db]}
     * @param fallbackUsername used when the URL names no user (may be null)
     * @param fallbackPassword used when the URL carries no password (may be null)
     * @throws IllegalArgumentException with a message that never repeats the URL's credentials
     */
    public static RedisEndpoint parse(String url, String fallbackUsername, String fallbackPassword) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid Redis URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("invalid Redis URL: the scheme must be redis:// or rediss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("invalid Redis URL: no host");
        }
        String username = blankToNull(fallbackUsername);
        String password = blankToNull(fallbackPassword);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            } else {
                String user = decode(userInfo.substring(0, colon));
                username = user.isEmpty() ? username : user;
                password = decode(userInfo.substring(colon + 1));
            }
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                database(uri.getPath()), "rediss".equals(scheme), username, password);
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            int db = Integer.parseInt(path.substring(1));
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid Redis URL: the path must be a database number, e.g. /0");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The same server and credentials, another database. */
    public RedisEndpoint withDatabase(int db) {
        return new RedisEndpoint(host, port, db, tls, username, password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int database() {
        return database;
    }

    public boolean tls() {
        return tls;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    /** host:port, and /db when not 0: safe to print, log and store. */
    @Override
    public String toString() {
        return host + ":" + port + (database == 0 ? "" : "/" + database);
    }
}
