package io.keysweep.cli;

/** How log lines look: for people, or one JSON object per line for log shippers. */
enum LogFormat {

	// lower case: they are what users type after --log-format
	text, json

}
