package io.keysweep.expire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The keys a chunk is about to give an expiry, committed to the job repository before its
 * EXPIREs are sent. Redis and the job repository share no transaction: when the process
 * dies (or the repository write fails) between a chunk's EXPIREs and its checkpoint, the
 * resumed execution reads the chunk's keys again and finds them with the TTL this run
 * gave them. With this record it counts each of them as the uninterrupted run would have:
 * in the class it had, as expired ({@link #claim}). The key was without a TTL (or with a
 * longer one) when the chunk decided, so a TTL it has now came from the chunk's EXPIRE,
 * unless another client set one in the moment between the lookup and the EXPIRE, which
 * the uninterrupted run would have counted as changed meanwhile.
 *
 * <p>
 * The record is the step's ExecutionContext key {@value #KEY}, this class's own: for each
 * class, 8 bytes of the SHA-256 of each key name (a key name may be half a megabyte, and
 * the repository need not hold names). A chunk commit drops the keys it wrote; the keys
 * of an earlier execution's lost chunk stay until this execution meets them again, so a
 * crash before that loses nothing either. One repository write per chunk that expires
 * anything, measured in {@code InFlightChunkBenchmarkTest}.
 *
 * <p>
 * The same record serves the dead-set step, whose chunks remove set members: a member a
 * lost chunk removed is not in the set any more, so the resumed execution never meets it,
 * and the ones it does not meet by the end of the set are what the lost chunk removed
 * ({@link #neverMet}).
 *
 * @param <T> what the chunk writes: a key to expire, a member to remove
 */
public final class InFlightChunk<T> implements StepExecutionListener, ItemWriteListener<T>, ChunkListener<Object, T> {

	private static final String KEY = "expire.in-flight";

	private final JobRepository repository;

	private final DataSource dataSource;

	private final MessageDigest sha256;

	private final Function<? super T, byte[]> name;

	private final Function<? super T, String> keyClass;

	private StepExecution step;

	/** The lost chunk's keys not met again yet: digest to class. */
	private final Map<Long, String> lost = new HashMap<>();

	/** {@link #lost} as the last commit left it: what a record must keep. */
	private Map<Long, String> lostAtCommit = Map.of();

	/**
	 * @param dataSource the job repository's, whose transaction the chunk runs in
	 * @param name the key (or member) an item acts on
	 * @param keyClass the class it is counted in
	 */
	public InFlightChunk(JobRepository repository, DataSource dataSource, Function<? super T, byte[]> name,
			Function<? super T, String> keyClass) {
		this.repository = repository;
		this.dataSource = dataSource;
		this.name = name;
		this.keyClass = keyClass;
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java has SHA-256", e);
		}
	}

	/** Reads the record an interrupted execution left in the restored context. */
	@Override
	public void beforeStep(StepExecution stepExecution) {
		step = stepExecution;
		lost.clear();
		String recorded = stepExecution.getExecutionContext().getString(KEY, "");
		for (String entry : recorded.isEmpty() ? new String[0] : recorded.split(",")) {
			int colon = entry.indexOf(':');
			String keyClass = new String(Base64.getUrlDecoder().decode(entry.substring(0, colon)),
					StandardCharsets.UTF_8);
			ByteBuffer digests = ByteBuffer.wrap(Base64.getDecoder().decode(entry.substring(colon + 1)));
			while (digests.hasRemaining()) {
				lost.put(digests.getLong(), keyClass);
			}
		}
		lostAtCommit = Map.copyOf(lost);
	}

	/**
	 * Commits the record of the chunk's keys (and of the lost chunk's keys not met again)
	 * before the writer sends their EXPIREs. It is written in the chunk's own transaction
	 * and committed at once: Spring Batch writes the chunk's checkpoint only after the
	 * writer, so the transaction holds nothing else yet, and a second transaction would
	 * need a second connection from the repository's pool while the chunk holds one,
	 * which steps of a cluster sweep running at once could exhaust and never get back.
	 */
	@Override
	public void beforeWrite(Chunk<? extends T> chunk) {
		if (chunk.isEmpty()) {
			return;
		}
		Map<Long, String> record = new HashMap<>(lostAtCommit);
		chunk.forEach(item -> record.put(digest(name.apply(item)), keyClass.apply(item)));
		step.getExecutionContext().putString(KEY, encode(record));
		repository.updateExecutionContext(step);
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try {
			connection.commit();
		}
		catch (SQLException e) {
			throw new IllegalStateException("could not commit the chunk's in-flight keys to the job repository", e);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/**
	 * Takes the key out of the lost chunk's record.
	 * @return the class the lost chunk expired the key as, or null when the key was not
	 * in it
	 */
	public String claim(byte[] key) {
		return lost.isEmpty() ? null : lost.remove(digest(key));
	}

	/**
	 * Takes the keys not met yet out of the record, once nothing more is to be met: for a
	 * step whose items leave no trace to meet again, such as set members removed, they
	 * are what the lost chunk did.
	 * @return how many by class
	 */
	public Map<String, Long> neverMet() {
		if (lost.isEmpty()) {
			return Map.of();
		}
		Map<String, Long> byClass = new TreeMap<>();
		lost.values().forEach(lostClass -> byClass.merge(lostClass, 1L, Long::sum));
		lost.clear();
		afterChunk(new Chunk<>());
		return byClass;
	}

	/**
	 * The chunk is written and about to commit: its keys leave the record, the lost
	 * chunk's keys met in it too.
	 */
	@Override
	public void afterChunk(Chunk<T> chunk) {
		lostAtCommit = Map.copyOf(lost);
		if (lost.isEmpty()) {
			step.getExecutionContext().remove(KEY);
		}
		else {
			step.getExecutionContext().putString(KEY, encode(lost));
		}
	}

	private long digest(byte[] key) {
		return ByteBuffer.wrap(sha256.digest(key)).getLong();
	}

	private static String encode(Map<Long, String> record) {
		Map<String, List<Long>> byClass = new TreeMap<>();
		record.forEach((digest, keyClass) -> byClass.computeIfAbsent(keyClass, c -> new ArrayList<>()).add(digest));
		List<String> entries = new ArrayList<>();
		byClass.forEach((keyClass, digests) -> {
			ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES * digests.size());
			digests.forEach(bytes::putLong);
			entries.add(Base64.getUrlEncoder().encodeToString(keyClass.getBytes(StandardCharsets.UTF_8)) + ":"
					+ Base64.getEncoder().encodeToString(bytes.array()));
		});
		return String.join(",", entries);
	}

}
