package io.keysweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version Maven built, which its resource filtering writes into
 * application.properties, so that it is the same from the jar and from the classes of a
 * test run.
 */
final class BuildVersion implements IVersionProvider {

	private static final String RESOURCE = "/application.properties";

	private static final String PROPERTY = "keysweep.version";

	@Override
	public String[] getVersion() throws IOException {
		return new String[] { "keysweep " + number() };
	}

	/** The version alone, e.g. {@code 0.1.0}: what the metrics' build info carries. */
	static String number() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IOException(RESOURCE + " is missing from keysweep's class path");
			}
			properties.load(in);
		}
		return properties.getProperty(PROPERTY, "(version unknown)");
	}

}
