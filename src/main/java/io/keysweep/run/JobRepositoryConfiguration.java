package io.keysweep.run;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The job repository of the commands that sweep or stop, on the database
 * {@link JobRepositoryDatabase} chooses. Spring Batch's own schema script for the
 * database's platform creates the tables on first use; an existing schema is used as it
 * is. Boot's auto-configurations make the rest from this data source: its transaction
 * manager, and Spring Batch's JDBC job repository and operator. Of Boot's data source
 * auto-configuration only its properties ({@code spring.datasource.*}): the rest of it
 * makes a data source when there is none, which there always is, and parsing its dozen
 * configurations and conditions to find that out was part of every start.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceTransactionManagerAutoConfiguration.class, BatchJdbcAutoConfiguration.class })
public class JobRepositoryConfiguration {

	/** The database {@link JobRepositoryDatabase} chooses. */
	@Bean
	HikariDataSource dataSource(Environment environment) {
		return JobRepositoryDatabase.dataSource(environment);
	}

	/**
	 * Boot's schema initialisation with Spring Batch's script for the database's platform
	 * (spring.batch.jdbc.initialize-schema=always), run only when the tables are missing:
	 * the scripts create tables without IF NOT EXISTS, and an existing schema, perhaps
	 * made by a DBA, is used as it is.
	 */
	@Bean
	BatchDataSourceScriptDatabaseInitializer batchDataSourceInitializer(HikariDataSource dataSource,
			BatchJdbcProperties properties) {
		return new MissingSchemaInitializer(dataSource, properties);
	}

}
