package io.keysweep.definition;

import io.keysweep.failure.OperatorException;

/**
 * A job definition that cannot be used; the message names the file, the line and the
 * field.
 */
public class InvalidDefinitionException extends OperatorException {

	public InvalidDefinitionException(String message) {
		super(message);
	}

}
