package io.keysweep.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.batch.core.repository.dao.AbstractJdbcBatchMetadataDao;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;

/**
 * Boot's Spring Batch schema initializer, run only on a database without Spring Batch's
 * tables: the first use of a new job repository creates them, every later one leaves them
 * as they are.
 */
class MissingSchemaInitializer extends BatchDataSourceScriptDatabaseInitializer {

	private final String jobInstanceTable;

	MissingSchemaInitializer(DataSource dataSource, BatchJdbcProperties properties) {
		super(dataSource, properties);
		String prefix = properties.getTablePrefix();
		this.jobInstanceTable = (prefix == null ? AbstractJdbcBatchMetadataDao.DEFAULT_TABLE_PREFIX : prefix)
				+ "JOB_INSTANCE";
	}

	@Override
	protected void runScripts(Scripts scripts) {
		if (!hasSchema()) {
			super.runScripts(scripts);
		}
	}

	/**
	 * Asks the database itself, so that the table is found the way the repository will
	 * find it: the same search path, the same case rules.
	 */
	private boolean hasSchema() {
		try (Connection connection = getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.executeQuery("select 1 from " + jobInstanceTable + " where 1 = 0").close();
			return true;
		}
		catch (SQLException missing) {
			return false;
		}
	}

}
