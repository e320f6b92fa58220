package io.keysweep.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's figures over repeated runs, printed as their medians, rows in the order
 * first added. The machine is shared, so the table names the load average it was measured
 * under.
 */
final class BenchmarkTable {

	private final Map<String, List<Double>> figures = new LinkedHashMap<>();

	void add(String what, double value) {
		figures.computeIfAbsent(what, k -> new ArrayList<>()).add(value);
	}

	double median(String what) {
		List<Double> sorted = figures.get(what).stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	void print(String title) {
		System.out.printf("%n%s [load %s]%n", title, load());
		figures.keySet().forEach(what -> System.out.printf("  %-88s %8.2f%n", what, median(what)));
	}

	private static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException e) {
			return "unknown";
		}
	}

}
