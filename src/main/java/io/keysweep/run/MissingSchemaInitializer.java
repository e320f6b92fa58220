package io.keysweep.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.dao.AbstractJdbcBatchMetadataDao;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;

/**
 * Boot's Spring Batch schema initializer, run only on a database without Spring Batch's
 * tables: the first use of a new job repository creates them, every later one leaves them
 * as they are.
 *
 * <p>
 * On H2, Spring Batch's id sequences are created with H2's default cache of 32 values,
 * which H2 records as taken: after a crash, ids jumped by 32 (1, 33, 65, ...). They are
 * altered to take no cache, in new repositories and in those older keysweeps created, so
 * that ids stay consecutive. PostgreSQL's sequences are created without a cache.
 */
class MissingSchemaInitializer extends BatchDataSourceScriptDatabaseInitializer {

	private final String jobInstanceTable;

	MissingSchemaInitializer(DataSource dataSource, BatchJdbcProperties properties) {
		super(dataSource, properties);
		this.jobInstanceTable = jobInstanceTable(properties);
	}

	/** Whether the database holds Spring Batch's tables already. */
	static boolean hasSchema(DataSource dataSource, BatchJdbcProperties properties) {
		return hasSchema(dataSource, jobInstanceTable(properties));
	}

	private static String jobInstanceTable(BatchJdbcProperties properties) {
		String prefix = properties.getTablePrefix();
		return (prefix == null ? AbstractJdbcBatchMetadataDao.DEFAULT_TABLE_PREFIX : prefix) + "JOB_INSTANCE";
	}

	@Override
	protected void runScripts(Scripts scripts) {
		if (!hasSchema(getDataSource(), jobInstanceTable)) {
			super.runScripts(scripts);
		}
		uncacheH2Sequences();
	}

	/**
	 * Alters only the sequences that still have a cache: a repository already altered is
	 * not touched again while another keysweep process may have it open.
	 */
	private void uncacheH2Sequences() {
		try (Connection connection = getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
				return;
			}
			List<String> cached = new ArrayList<>();
			try (ResultSet sequences = statement.executeQuery("SELECT SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES"
					+ " WHERE SEQUENCE_NAME LIKE 'BATCH\\_%' AND CACHE > 1")) {
				while (sequences.next()) {
					cached.add(sequences.getString(1));
				}
			}
			for (String sequence : cached) {
				statement.execute("ALTER SEQUENCE " + sequence + " NO CACHE");
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot open the job repository: " + e.getMessage(), e);
		}
	}

	/**
	 * Asks the database itself, so that the table is found the way the repository will
	 * find it: the same search path, the same case rules. Only the query's failure means
	 * a missing table: a database that cannot be reached is that failure, once, not a
	 * reason to try again to create the schema.
	 */
	private static boolean hasSchema(DataSource dataSource, String jobInstanceTable) {
		try (Connection connection = dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.executeQuery("select 1 from " + jobInstanceTable + " where 1 = 0").close();
				return true;
			}
			catch (SQLException missing) {
				return false;
			}
		}
		catch (SQLException unreachable) {
			throw new IllegalStateException("cannot open the job repository: " + unreachable.getMessage(), unreachable);
		}
	}

}
