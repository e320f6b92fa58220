package io.keysweep.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Creates Spring Batch's tables in the H2 file when the application starts for the first
 * time, and leaves them alone afterwards. Spring Boot's initializer only runs for
 * in-memory databases by default and would fail on tables that already exist.
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
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot open the job repository: " + e.getMessage(), e);
		}
	}

}
