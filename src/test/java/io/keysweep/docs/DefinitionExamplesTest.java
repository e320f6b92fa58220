package io.keysweep.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.definition.JobDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every whole job definition the documents show (a {@code ```yaml} block with a
 * {@code match:}) is one keysweep accepts, so an example cannot keep a field that was
 * renamed or a value that is now refused.
 */
class DefinitionExamplesTest {

	@Test
	void everyDefinitionTheDocsShowIsValid(@TempDir Path jobs) throws IOException {
		List<String> examples = new ArrayList<>();
		for (Markdown doc : Documentation.all()) {
			for (Markdown.Block block : doc.blocks()) {
				if (block.language().equals("yaml") && block.lines().stream().anyMatch(l -> l.startsWith("match:"))) {
					String name = "example-" + examples.size();
					Files.writeString(jobs.resolve(name + ".yml"), String.join("\n", block.lines()) + "\n");
					examples.add(doc.at(block.firstLine()));
				}
			}
		}
		assertThat(examples).as("job definitions shown in the docs").hasSizeGreaterThanOrEqualTo(2);
		JobDefinitions definitions = new JobDefinitions(jobs);
		for (int i = 0; i < examples.size(); i++) {
			String name = "example-" + i;
			assertThat(definitions.load(name)).as(examples.get(i)).isNotNull();
		}
	}

}
