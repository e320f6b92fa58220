package io.keysweep.run;

import io.keysweep.failure.OperatorException;

/**
 * keysweep will not start or continue a sweep in the state the job is in (an unfinished
 * execution, a changed definition, another Redis); the message says why and what to do
 * instead. Nothing was changed.
 */
public class RefusedException extends OperatorException {

	RefusedException(String message) {
		super(message);
	}

	RefusedException(String message, Throwable cause) {
		super(message, cause);
	}

}
