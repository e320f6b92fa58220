package io.keysweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.HeadlessChromium;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import io.keysweep.tally.SweepCounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import redis.clients.jedis.Jedis;

/**
 * The HTML report of a few nights of two jobs: its chart and table agree with the job
 * repository.
 */
class HtmlReportTest {

	@TempDir
	static Path dir;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	private static Path html;

	@BeforeAll
	static void runAndReport() throws Exception {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100));
		Definitions.write(dir.resolve("jobs"), "namespaced", Definitions.notifyYaml("app:b-*-notify", 100, 100));
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 50);
			BatchKeys.live(jedis, 5);
			assertThat(cli("run", "notify", "--dry-run").exitCode()).isZero();
			assertThat(cli("run", "notify").exitCode()).isZero();
			BatchKeys.leaked(jedis, 80);
			assertThat(cli("run", "notify").exitCode()).isZero();
			jedis.set("app:b-ABCDEFGHIJKLMN-notify", "1");
			assertThat(cli("run", "namespaced").exitCode()).isZero();
		}
		html = dir.resolve("report.html");
		Cli.Result result = cli("report", "--format", "html", "--out", html.toString());
		assertThat(result.exitCode()).as(result.err()).isZero();
	}

	@Test
	void chartPointsAreTheRepositorysLeakedAndExpiredCountsPerRunPerJob() throws Exception {
		Document page = parse(html);
		Map<String, Long> plotted = new HashMap<>();
		Map<String, String> jobOfPoint = new HashMap<>();
		NodeList points = nodes(page, "//*[local-name()='circle' and @class='point']");
		for (int i = 0; i < points.getLength(); i++) {
			Element point = (Element) points.item(i);
			String key = point.getAttribute("data-execution") + " " + point.getAttribute("data-series");
			plotted.put(key, Long.parseLong(point.getAttribute("data-value")));
			jobOfPoint.put(key, ((Element) point.getParentNode().getParentNode()).getAttribute("data-job"));
		}

		Map<String, Long> stored = new HashMap<>();
		Map<String, String> jobOfRun = new HashMap<>();
		try (TestApp app = TestApp.start(redis.url(), dir.resolve("data"))) {
			JobRepository repository = app.bean(JobRepository.class);
			for (String job : repository.getJobNames()) {
				repository.getJobInstances(job, 0, 100).forEach(instance -> {
					for (JobExecution execution : repository.getJobExecutions(instance)) {
						SweepCounts counts = SweepCounts
							.from(execution.getStepExecutions().iterator().next().getExecutionContext());
						stored.put(execution.getId() + " leaked", counts.ofClass("leaked"));
						stored.put(execution.getId() + " expired",
								counts.total(SweepCounts.EXPIRED) + counts.total(SweepCounts.WOULD_EXPIRE));
						jobOfRun.put(execution.getId() + " leaked", job);
						jobOfRun.put(execution.getId() + " expired", job);
					}
				});
			}
		}
		assertThat(plotted).isEqualTo(stored).hasSize(8);
		assertThat(jobOfPoint).isEqualTo(jobOfRun);
		assertThat(stored).containsEntry("1 leaked", 50L)
			.containsEntry("1 expired", 55L)
			.containsEntry("3 leaked", 80L)
			.containsEntry("4 leaked", 1L);
	}

	@Test
	void higherValuesArePlottedHigherAndDryRunsHollow() throws Exception {
		Document page = parse(html);
		NodeList points = nodes(page, "//*[local-name()='section' and @data-job='notify']"
				+ "//*[local-name()='circle' and @data-series='leaked']");
		List<Element> byValue = new ArrayList<>();
		for (int i = 0; i < points.getLength(); i++) {
			byValue.add((Element) points.item(i));
		}
		byValue.sort((a, b) -> Long.compare(value(a), value(b)));
		for (int i = 1; i < byValue.size(); i++) {
			if (value(byValue.get(i)) > value(byValue.get(i - 1))) {
				assertThat(y(byValue.get(i))).isLessThan(y(byValue.get(i - 1)));
			}
		}
		Element dryRun = (Element) nodes(page, "//*[local-name()='circle' and @data-execution='1']").item(0);
		assertThat(dryRun.getAttribute("fill")).isEqualTo("#ffffff");
	}

	@Test
	void tableHasARowPerRunNewestFirstAndThePageLoadsNothingFromOutside() throws Exception {
		Document page = parse(html);
		NodeList rows = nodes(page,
				"//*[local-name()='table' and @id='runs']/*[local-name()='tbody']/*[local-name()='tr']");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < rows.getLength(); i++) {
			ids.add(((Element) rows.item(i)).getAttribute("data-execution"));
		}
		assertThat(ids).containsExactly("4", "3", "2", "1");
		assertThat(rows.item(3).getTextContent()).contains("dry run").contains("would expire 55");
		String text = Files.readString(html);
		assertThat(text).doesNotContain("<script")
			.doesNotContain("<link")
			.doesNotContain("@import")
			.doesNotContain("url(")
			.doesNotContain("src=")
			.doesNotContain("href=");
	}

	@Test
	void chromiumRendersTheChartAndTheTable() throws Exception {
		HeadlessChromium chromium = HeadlessChromium.required(dir);
		Path png = dir.resolve("report.png");
		Path dom = dir.resolve("dom.html");

		chromium.run(dir.resolve("chromium.out"), "--screenshot=" + png, "--window-size=1400,1000",
				html.toUri().toString());
		chromium.run(dom, "--dump-dom", html.toUri().toString());

		BufferedImage shot = ImageIO.read(png.toFile());
		assertThat(count(shot, HtmlReport.LEAKED_COLOR)).as("pixels of the leaked series").isGreaterThan(100);
		assertThat(count(shot, HtmlReport.EXPIRED_COLOR)).as("pixels of the expired series").isGreaterThan(100);
		assertThat(count(shot, HtmlReport.HEADER_COLOR)).as("pixels of the table's header").isGreaterThan(1000);
		String rendered = Files.readString(dom);
		assertThat(rendered).contains("<table id=\"runs\">").contains("<svg").contains("leaked keys found");
		assertThat(rendered.split("<tr data-execution=", -1)).hasSize(5);
	}

	private static long count(BufferedImage image, String hex) {
		int rgb = Integer.parseInt(hex.substring(1), 16);
		long n = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if ((image.getRGB(x, y) & 0xffffff) == rgb) {
					n++;
				}
			}
		}
		return n;
	}

	private static long value(Element point) {
		return Long.parseLong(point.getAttribute("data-value"));
	}

	private static double y(Element point) {
		return Double.parseDouble(point.getAttribute("cy"));
	}

	private static Document parse(Path file) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		return factory.newDocumentBuilder().parse(file.toFile());
	}

	private static NodeList nodes(Document page, String xpath) throws Exception {
		return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, page, XPathConstants.NODESET);
	}

	private static Cli.Result cli(String... args) {
		return Cli.in(dir, redis.url(), args);
	}

}
