package io.keysweep.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every link of the README and src/docs leads somewhere, and the README leads to every
 * document under src/docs.
 */
class DocLinksTest {

	/**
	 * Documents the README links that other branches of the same day write. While one of
	 * them is missing, a link to it (without an anchor) is accepted; once it exists it is
	 * checked like any other, and its name must leave this list (see
	 * {@link #documentsWrittenElsewhereAreStillMissing()}).
	 */

	@Test
	void everyLinkToAFileOrAnAnchorResolves() {
		List<String> broken = new ArrayList<>();
		for (Markdown doc : Documentation.all()) {
			for (Markdown.Located link : doc.links()) {
				String problem = problem(doc, link.text());
				if (problem != null) {
					broken.add(doc.at(link.line()) + ": (" + link.text() + ") " + problem);
				}
			}
		}
		assertThat(broken).as("broken links").isEmpty();
	}

	@Test
	void theReadmeLinksEveryDocumentUnderSrcDocs() {
		Markdown readme = Markdown.read(Documentation.README);
		Set<Path> linked = new HashSet<>();
		for (Markdown.Located link : readme.links()) {
			linked.add(target(readme, link.text()));
		}
		List<Path> expected = new ArrayList<>(Documentation.docs().stream().map(Path::normalize).toList());
		assertThat(expected).as("documents under src/docs").isNotEmpty();
		assertThat(linked).as("the README's links").containsAll(expected);
	}

	/**
	 * What is wrong with a link, or null when it leads to an existing file, directory or
	 * heading.
	 */
	private static String problem(Markdown doc, String link) {
		if (link.matches("^[a-z]+:.*")) {
			return null; // http(s), mailto: not this test's business
		}
		Path target = target(doc, link);
		String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : "";
		if (!Files.exists(target)) {
			return "no such file " + target;
		}
		if (anchor.isEmpty()) {
			return null;
		}
		if (!target.toString().endsWith(".md")) {
			return "an anchor into a file that is not Markdown";
		}
		Set<String> anchors = Markdown.read(target).anchors();
		return anchors.contains(anchor) ? null : "no heading for #" + anchor + " in " + target + "; it has " + anchors;
	}

	/** The file a link leads to, relative to the working directory (the project root). */
	private static Path target(Markdown doc, String link) {
		String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
		if (file.isEmpty()) {
			return doc.path().normalize();
		}
		Path dir = doc.path().getParent() == null ? Path.of("") : doc.path().getParent();
		return dir.resolve(file).normalize();
	}

}
