package io.keysweep.lock;

import io.keysweep.failure.OperatorException;

/** Another process sweeps the same job against the same Redis; the message names it. */
public class LockHeldException extends OperatorException {

	LockHeldException(String message) {
		super(message);
	}

}
