package io.keysweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.HeadlessChromium;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A run whose names are long: a 512 KB key, a job name and class names far wider than a
 * table cell. The reports must stay small and readable.
 */
class LongNamesReportTest {

	private static final String JOB = "a-job-whose-name-is-long-enough-to-widen-its-column-in-the-report";

	private static final String HUGE_KEY = "wide:" + "k".repeat(512 * 1024);

	private static final String UNBROKEN_CLASS = "c".repeat(150);

	@TempDir
	static Path dir;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@BeforeAll
	static void sweepLongNames() {
		StringBuilder rules = new StringBuilder("match: \"wide:*\"\nrules:\n");
		rules.append("  - class: ").append(UNBROKEN_CLASS).append("\n    when: { key: \"wide:a0\" }\n    expire: 1d\n");
		try (Jedis jedis = redis.client()) {
			jedis.set(HUGE_KEY, "x");
			for (int i = 0; i < 6; i++) {
				jedis.set("wide:a" + i, "x");
				rules.append("  - class: class-number-")
					.append(i)
					.append("-with-a-long-descriptive-name-as-teams-write-them\n    when: { key: \"wide:a")
					.append(i)
					.append("\" }\n    expire: 1d\n");
			}
		}
		rules.append("  - class: huge\n    expire: 1d\n");
		Definitions.write(dir.resolve("jobs"), JOB, rules.toString());
		Cli.Result run = Cli.in(dir, redis.url(), "run", JOB);
		assertThat(run.exitCode()).as(run.err()).isZero();
	}

	@Test
	void aHugeKeyIsShownByItsFirstBytesAndItsLength() {
		Cli.Result json = Cli.in(dir, redis.url(), "report", "--format", "json");

		assertThat(json.exitCode()).as(json.err()).isZero();
		assertThat(json.out().length()).as("characters of the JSON report").isLessThan(16 * 1024);
		assertThat(json.out()).contains("\"wide:" + "k".repeat(251) + "...(" + HUGE_KEY.length() + " bytes)\"");
		Cli.Result full = Cli.in(dir, redis.url(), "report", "--execution", "1");
		assertThat(full.out().length()).as("characters of the full report of the run").isLessThan(16 * 1024);
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.ttl(HUGE_KEY)).isPositive();
		}
	}

	@Test
	void theTableOfRunsFitsA1200PixelWindow() throws Exception {
		HeadlessChromium chromium = HeadlessChromium.required(dir);
		Path html = dir.resolve("report.html");
		Cli.Result report = Cli.in(dir, redis.url(), "report", "--format", "html", "--out", html.toString());
		assertThat(report.exitCode()).as(report.err()).isZero();
		// the report has no script; a copy of it measures how wide its page lays out
		Path measured = dir.resolve("measured.html");
		Files.writeString(measured,
				Files.readString(html)
					.replace("</body>", "<script>document.body.setAttribute('data-scroll-width', "
							+ "document.documentElement.scrollWidth)</script></body>"));
		Path dom = dir.resolve("measured-dom.html");

		chromium.run(dom, "--window-size=1200,900", "--dump-dom", measured.toUri().toString());

		String rendered = Files.readString(dom);
		assertThat(rendered).contains(UNBROKEN_CLASS).contains("<table id=\"runs\">");
		Matcher width = Pattern.compile("data-scroll-width=\"(\\d+)\"").matcher(rendered);
		assertThat(width.find()).as("the page measured its width").isTrue();
		assertThat(Integer.parseInt(width.group(1))).as("width of the page in pixels").isLessThanOrEqualTo(1200);
	}

}
