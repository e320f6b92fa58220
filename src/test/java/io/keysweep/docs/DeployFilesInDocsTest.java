package io.keysweep.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents show the deployment files by reference: every file of src/main/deploy
 * they name exists, and no fenced block repeats more than {@value #MOST_LINES_SHARED}
 * lines of one, so there is no second copy to go stale.
 */
class DeployFilesInDocsTest {

	private static final int MOST_LINES_SHARED = 2;

	private static final Pattern DEPLOY_PATH = Pattern.compile("main/deploy/([\\w.-]+)");

	@Test
	void everyDeployFileTheDocsNameExists() {
		List<String> missing = new ArrayList<>();
		int named = 0;
		for (Markdown doc : Documentation.all()) {
			for (int i = 0; i < doc.lines().size(); i++) {
				Matcher path = DEPLOY_PATH.matcher(doc.lines().get(i));
				while (path.find()) {
					named++;
					if (!Files.isRegularFile(Documentation.DEPLOY.resolve(path.group(1)))) {
						missing.add(doc.at(i + 1) + ": " + path.group());
					}
				}
			}
		}
		assertThat(named).as("deploy files the docs name").isGreaterThanOrEqualTo(Documentation.deployFiles().size());
		assertThat(missing).isEmpty();
	}

	@Test
	void noFencedBlockCopiesADeployFile() throws IOException {
		List<String> copies = new ArrayList<>();
		for (Path file : Documentation.deployFiles()) {
			Set<String> fileLines = Files.readAllLines(file)
				.stream()
				.map(DeployFilesInDocsTest::normalized)
				.filter(line -> !line.isEmpty())
				.collect(Collectors.toSet());
			for (Markdown doc : Documentation.all()) {
				for (Markdown.Block block : doc.blocks()) {
					long shared = block.lines()
						.stream()
						.map(DeployFilesInDocsTest::normalized)
						.filter(fileLines::contains)
						.count();
					if (shared > MOST_LINES_SHARED) {
						copies.add(doc.at(block.firstLine()) + " repeats " + shared + " lines of " + file
								+ ": link to it instead");
					}
				}
			}
		}
		assertThat(copies).isEmpty();
	}

	/**
	 * A line without its indentation or comment marker; lines of punctuation alone (---,
	 * ]) do not count.
	 */
	private static String normalized(String line) {
		String text = line.strip().replaceFirst("^#+\\s*", "");
		return text.matches("[\\p{Punct}\\s]*") ? "" : text;
	}

}
