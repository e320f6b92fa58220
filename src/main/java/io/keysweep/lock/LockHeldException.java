package io.keysweep.lock;

/** Another process sweeps the same job against the same Redis; the message names it. */
public class LockHeldException extends RuntimeException {

    LockHeldException(String message) {
        super(message);
    }
}
