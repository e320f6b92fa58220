package io.keysweep.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Creates Spring Batch's tables in the H2 file when the application starts for the first
 * time, and leaves them alone afterwards. Spring Boot's initializer only runs for
 * in-memory databases by default and would fail on tables that already exist.
 *
 * <p>
 * Spring Batch's id sequences are created with H2's default cache of 32 values, which H2
 * records as taken: after a crash, ids jumped by 32 (1, 33, 65, ...). They are altered to
 * take no cache, in new repositories and in those older keysweeps created, so that ids
 * stay consecutive.
 */
@Component
class RepositorySchema implements InitializingBean {

	private static final String SCRIPT = "org/springframework/batch/core/schema-h2.sql";

	private final DataSource dataSource;

	RepositorySchema(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() {
		try (Connection connection = dataSource.getConnection();
				ResultSet tables = connection.getMetaData().getTables(null, null, "BATCH_JOB_INSTANCE", null)) {
			if (!tables.next()) {
				new ResourceDatabasePopulator(new ClassPathResource(SCRIPT)).populate(connection);
			}
			uncacheSequences(connection);
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot open the job repository: " + e.getMessage(), e);
		}
	}

	/**
	 * Alters only the sequences that still have a cache: a repository already altered is
	 * not touched again while another keysweep process may have it open.
	 */
	private static void uncacheSequences(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
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
	}

}
