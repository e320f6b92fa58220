package io.keysweep.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;

/**
 * The rows a job repository holds, read with plain JDBC: what keysweep recorded, not what
 * it says. A data dir stands for its H2 file.
 */
public final class JobRepositoryRows {

	private JobRepositoryRows() {
	}

	public record JobExecutionRow(long id, long instanceId, String status) {
	}

	/**
	 * @param elapsed from the step's start to its end, as Spring Batch recorded them;
	 * null while it runs
	 */
	public record StepExecutionRow(long jobExecutionId, String name, String status, long readCount, long commitCount,
			Duration elapsed) {

		/**
		 * The least time the step can have taken to read its keys when held to the rate:
		 * the rate's bucket is made before the step starts, so the step may find up to a
		 * quarter of a second's keys in it (README, "Going gently").
		 */
		public Duration leastTimeAt(long keysPerSecond) {
			long held = Math.max(0, readCount - Math.max(1, keysPerSecond / 4));
			return Duration.ofNanos(held * 1_000_000_000L / keysPerSecond);
		}
	}

	/** Oldest first. */
	public static List<JobExecutionRow> jobExecutions(Path dataDir) {
		return jobExecutions(TestRepository.h2(dataDir));
	}

	/** Oldest first. */
	public static List<JobExecutionRow> jobExecutions(TestRepository repository) {
		return query(repository,
				"select JOB_EXECUTION_ID, JOB_INSTANCE_ID, STATUS from BATCH_JOB_EXECUTION "
						+ "order by JOB_EXECUTION_ID",
				rs -> new JobExecutionRow(rs.getLong(1), rs.getLong(2), rs.getString(3)));
	}

	/** Oldest first. */
	public static List<StepExecutionRow> stepExecutions(Path dataDir) {
		return stepExecutions(TestRepository.h2(dataDir));
	}

	/** Oldest first. */
	public static List<StepExecutionRow> stepExecutions(TestRepository repository) {
		return query(repository,
				"select JOB_EXECUTION_ID, STEP_NAME, STATUS, READ_COUNT, COMMIT_COUNT, START_TIME, "
						+ "END_TIME from BATCH_STEP_EXECUTION order by STEP_EXECUTION_ID",
				rs -> new StepExecutionRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
						rs.getLong(5),
						elapsed(rs.getObject(6, LocalDateTime.class), rs.getObject(7, LocalDateTime.class))));
	}

	public static Map<String, String> parameters(Path dataDir, long jobExecutionId) {
		return parameters(TestRepository.h2(dataDir), jobExecutionId);
	}

	public static Map<String, String> parameters(TestRepository repository, long jobExecutionId) {
		Map<String, String> parameters = new TreeMap<>();
		query(repository,
				"select PARAMETER_NAME, PARAMETER_VALUE from BATCH_JOB_EXECUTION_PARAMS where JOB_EXECUTION_ID = "
						+ jobExecutionId,
				rs -> Map.entry(rs.getString(1), rs.getString(2)))
			.forEach(entry -> parameters.put(entry.getKey(), entry.getValue()));
		return parameters;
	}

	/**
	 * Every job parameter and every job and step execution context, as stored: where a
	 * secret must never be.
	 */
	public static List<String> storedText(TestRepository repository) {
		return query(repository,
				"select PARAMETER_VALUE from BATCH_JOB_EXECUTION_PARAMS union all select SHORT_CONTEXT || "
						+ "coalesce(SERIALIZED_CONTEXT, '') from BATCH_JOB_EXECUTION_CONTEXT union all select "
						+ "SHORT_CONTEXT || coalesce(SERIALIZED_CONTEXT, '') from BATCH_STEP_EXECUTION_CONTEXT",
				rs -> rs.getString(1));
	}

	/** The named step's context as its newest execution left it, e.g. its totals. */
	public static Map<String, Object> stepContext(TestRepository repository, String step) {
		List<String> stored = query(repository,
				"select coalesce(c.SERIALIZED_CONTEXT, c.SHORT_CONTEXT) from BATCH_STEP_EXECUTION_CONTEXT c "
						+ "join BATCH_STEP_EXECUTION s on s.STEP_EXECUTION_ID = c.STEP_EXECUTION_ID "
						+ "where s.STEP_NAME = '" + step + "' order by s.STEP_EXECUTION_ID desc",
				rs -> rs.getString(1));
		try {
			// as Spring Batch's JDBC DAO stores the serializer's bytes
			return new DefaultExecutionContextSerializer()
				.deserialize(new ByteArrayInputStream(stored.get(0).getBytes(StandardCharsets.ISO_8859_1)));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Duration elapsed(LocalDateTime start, LocalDateTime end) {
		return start == null || end == null ? null : Duration.between(start, end);
	}

	private interface RowMapper<T> {

		T map(ResultSet rs) throws SQLException;

	}

	private static <T> List<T> query(TestRepository repository, String sql, RowMapper<T> mapper) {
		try (Connection connection = repository.connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rs = statement.executeQuery()) {
			List<T> rows = new ArrayList<>();
			while (rs.next()) {
				rows.add(mapper.map(rs));
			}
			return rows;
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot read the job repository " + repository + ": " + e.getMessage(), e);
		}
	}

}
