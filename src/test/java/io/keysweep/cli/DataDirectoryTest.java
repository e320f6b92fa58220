package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir keysweep cannot keep its job repository in, and a repository file H2 cannot
 * open: exit 2 and one line naming the path and what to do (nothing a resume would fix),
 * the files left as they were. A full disk is exit 1: once there is space, a resume
 * continues.
 */
class DataDirectoryTest {

	@TempDir
	Path dir;

	private Path jobs;

	@BeforeEach
	void defineAJob() {
		jobs = dir.resolve("jobs");
		Definitions.write(jobs, "notify", Definitions.notifyYaml("b-*-notify", 10, 10));
	}

	@Test
	void aMissingDataDirIsCreatedWithItsRepository() {
		Path data = dir.resolve("new/data");
		Cli.Result jobsList = jobs(data);
		assertThat(jobsList.exitCode()).as(jobsList.err()).isZero();
		assertThat(jobsList.out()).contains("notify").contains("never");
		assertThat(data.resolve(DataDirectory.REPOSITORY_FILE)).isRegularFile();
	}

	@Test
	void aDataDirThatIsAFileIsRefused() throws Exception {
		Path file = Files.writeString(dir.resolve("data"), "mine");
		assertRefused(jobs(file), "keysweep: --data-dir " + file + " is a file, not a directory");
		assertThat(Files.readString(file)).isEqualTo("mine");
	}

	@Test
	void anEmptyRepositoryFileIsRefusedNotTakenForANewRepository() throws Exception {
		Path data = Files.createDirectories(dir.resolve("data"));
		Path empty = Files.createFile(data.resolve(DataDirectory.REPOSITORY_FILE));
		assertRefused(jobs(data), "keysweep: the job repository " + empty + " is empty (0 bytes)");
		assertThat(empty).isEmptyFile();
	}

	@Test
	void aCorruptRepositoryFileIsNamedWithWhatToDo() throws Exception {
		Path data = Files.createDirectories(dir.resolve("data"));
		byte[] garbage = new byte[20_000];
		new Random(17).nextBytes(garbage);
		Path corrupt = Files.write(data.resolve(DataDirectory.REPOSITORY_FILE), garbage);

		Cli.Result refused = jobs(data);

		assertRefused(refused, "keysweep: the job repository " + corrupt + " is corrupt (");
		assertThat(refused.err()).contains("restore it from a backup, or move it away");
		assertThat(Files.readAllBytes(corrupt)).isEqualTo(garbage);
	}

	@Test
	void anUnwritableDataDirIsOneLineNotAStackTrace() throws Exception {
		try (ReadOnlyDirectory readOnly = ReadOnlyDirectory.at(dir.resolve("read-only"))) {
			assertRefused(jobs(readOnly.path()), "keysweep: --data-dir " + readOnly.path() + " is not writable");
			Path below = readOnly.path().resolve("data");
			assertRefused(jobs(below), "keysweep: --data-dir " + below + ": cannot create it");
		}
	}

	@Test
	void aFullDiskNamesTheFileAndSaysThatAResumeContinues() throws Exception {
		assumeTrue(Tmpfs.canMount(), "mounting a small tmpfs needs root");
		try (Tmpfs disk = Tmpfs.mount(dir.resolve("small-disk"), "size=256k")) {
			disk.fill();

			Cli.Result full = jobs(disk.path());

			assertThat(full.exitCode()).as(full.err()).isEqualTo(1);
			assertThat(full.err()).startsWith("keysweep: no space left on the device: ")
				.contains(disk.path().toString())
				.contains("'keysweep resume' continues");
			assertThat(full.err().strip().lines()).as("one line").hasSize(1);
		}
	}

	private Cli.Result jobs(Path data) {
		return Cli.run("jobs", "--jobs-dir", jobs.toString(), "--data-dir", data.toString());
	}

	private static void assertRefused(Cli.Result result, String start) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err()).startsWith(start);
		assertThat(result.err().strip().lines()).as("one line, no stack trace").hasSize(1);
		assertThat(result.out()).isEmpty();
	}

	/**
	 * A directory this process cannot write in: mode 555, or for root (whom modes do not
	 * stop) a read-only mount.
	 */
	private record ReadOnlyDirectory(Path path, Tmpfs mount) implements AutoCloseable {

		static ReadOnlyDirectory at(Path path) throws Exception {
			if (Tmpfs.canMount()) {
				return new ReadOnlyDirectory(path, Tmpfs.mount(path, "ro,size=64k"));
			}
			Files.createDirectories(path);
			assertThat(path.toFile().setWritable(false, false)).isTrue();
			return new ReadOnlyDirectory(path, null);
		}

		@Override
		public void close() throws Exception {
			if (mount != null) {
				mount.close();
			}
			else {
				path.toFile().setWritable(true);
			}
		}
	}

	/** A small tmpfs mounted for one test. */
	private record Tmpfs(Path path) implements AutoCloseable {

		static boolean canMount() {
			return "root".equals(System.getProperty("user.name"));
		}

		static Tmpfs mount(Path path, String options) throws Exception {
			Files.createDirectories(path);
			exec("mount", "-t", "tmpfs", "-o", options, "tmpfs", path.toString());
			return new Tmpfs(path);
		}

		/** Writes a file until the disk is full. */
		void fill() throws IOException {
			byte[] block = new byte[4096];
			try (var out = Files.newOutputStream(path.resolve("filler"))) {
				while (true) {
					out.write(block);
				}
			}
			catch (IOException full) {
				assertThat(full.getMessage()).contains("No space left on device");
			}
		}

		@Override
		public void close() throws Exception {
			exec("umount", path.toString());
		}

		private static void exec(String... command) throws Exception {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
		}
	}

}
