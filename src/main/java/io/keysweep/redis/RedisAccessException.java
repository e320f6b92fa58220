package io.keysweep.redis;

/** Redis could not be used: unreachable, refused the credentials, or answered with an error. One line. */
public class RedisAccessException extends RuntimeException {

    private final boolean credentials;

    RedisAccessException(String message, boolean credentials, Throwable cause) {
        super(message, cause);
        this.credentials = credentials;
    }

    /** True when Redis was reached but refused the user or password: a configuration error. */
    public boolean isCredentialProblem() {
        return credentials;
    }
}
