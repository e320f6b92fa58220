package io.keysweep.job;

/** A job definition that cannot be used; the message names the file, the line and the field. */
public class InvalidDefinitionException extends RuntimeException {

    InvalidDefinitionException(String message) {
        super(message);
    }
}
