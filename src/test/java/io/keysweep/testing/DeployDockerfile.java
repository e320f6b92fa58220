package io.keysweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.Gson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instructions of src/main/deploy/Dockerfile as a builder reads them: comments
 * dropped, continued lines joined. Enough of the format for the checks of what the image
 * runs; the builder itself parses the rest.
 *
 * @param instructions in file order
 */
public record DeployDockerfile(List<Instruction> instructions) {

	public static final Path FILE = Path.of("src/main/deploy/Dockerfile");

	/**
	 * One instruction.
	 *
	 * @param keyword upper case: FROM, RUN, COPY...
	 * @param arguments the rest, on one line
	 */
	public record Instruction(String keyword, String arguments) {

		/** The exec (JSON array) form of ENTRYPOINT and CMD. */
		public List<String> execForm() {
			assertThat(arguments).as(keyword + " in exec form").startsWith("[");
			return Arrays.asList(new Gson().fromJson(arguments, String[].class));
		}

		/** The shell command of a RUN, without its --mount and other flags. */
		public String command() {
			return arguments.replaceFirst("^(--\\S+\\s+)*", "");
		}

	}

	public static DeployDockerfile read() throws IOException {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		for (String line : Files.readAllLines(FILE)) {
			if (line.isBlank() || line.strip().startsWith("#")) {
				continue;
			}
			boolean continued = line.endsWith("\\");
			pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
			if (!continued) {
				String[] parts = pending.toString().strip().split("\\s+", 2);
				instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
				pending.setLength(0);
			}
		}
		return new DeployDockerfile(instructions);
	}

	public List<Instruction> all(String keyword) {
		return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
	}

	/** The only instruction of this keyword, failing the test when there are several. */
	public Instruction only(String keyword) {
		List<Instruction> found = all(keyword);
		assertThat(found).as("%s instructions in %s", keyword, FILE).hasSize(1);
		return found.get(0);
	}

	/** The RUN whose command contains the text. */
	public Instruction run(String containing) {
		return all("RUN").stream()
			.filter(run -> run.arguments().contains(containing))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no RUN in " + FILE + " contains " + containing));
	}

}
