package io.keysweep.run;

import java.nio.file.Path;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import io.keysweep.failure.OperatorException;
import io.keysweep.redis.PasswordFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one place the job repository's database is chosen: H2 in the data dir by default,
 * or a shared database (PostgreSQL is the one keysweep tests) named by a JDBC URL, so
 * that several hosts see each other's runs. Spring Batch's own schema script for the
 * database's platform creates the tables on first use; an existing schema is used as it
 * is. Boot's auto-configurations make the rest from this data source: its transaction
 * manager, and Spring Batch's JDBC job repository and operator. Of Boot's data source
 * auto-configuration only its properties ({@code spring.datasource.*}): the rest of it
 * makes a data source when there is none, which there always is, and parsing its dozen
 * configurations and conditions to find that out was part of every start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataSourceProperties.class)
@ImportAutoConfiguration({ DataSourceTransactionManagerAutoConfiguration.class, BatchJdbcAutoConfiguration.class })
public class JobRepositoryConfiguration {

	/**
	 * H2's file in the data dir. AUTO_SERVER lets a second keysweep process (report,
	 * stop) share it; WRITE_DELAY=0 writes every commit to the file at once, where H2's
	 * default holds commits back for up to half a second and a process killed in that
	 * time would lose its latest checkpoints.
	 */
	private static final String H2_OPTIONS = ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;WRITE_DELAY=0";

	/**
	 * A password in the URL: a {@code password=} parameter (PostgreSQL's {@code ?&}, H2's
	 * {@code ;}) or a {@code user:password@} authority.
	 */
	private static final Pattern INLINE_PASSWORD = Pattern.compile("(?i)([?&;]password=)|(//[^/@:]*:[^/@]*@)");

	/**
	 * The URL, in order: the command line's {@code --job-repository}, env
	 * {@code KEYSWEEP_JOB_REPOSITORY}, Spring's {@code spring.datasource.url}, then H2 in
	 * the data dir. The user from env {@code KEYSWEEP_JOB_REPOSITORY_USER} or
	 * {@code spring.datasource.username}; the password from
	 * {@code --job-repository-password-file}, env
	 * {@code KEYSWEEP_JOB_REPOSITORY_PASSWORD} or {@code spring.datasource.password}:
	 * never from the URL, which shows in the process list. The other
	 * {@code spring.datasource.hikari.*} settings apply as in any Boot application.
	 */
	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(DataSourceProperties properties,
			@Value("${keysweep.job-repository:${KEYSWEEP_JOB_REPOSITORY:${spring.datasource.url:}}}") String url,
			@Value("${keysweep.data-dir}") String dataDir,
			@Value("${KEYSWEEP_JOB_REPOSITORY_USER:${spring.datasource.username:}}") String user,
			@Value("${KEYSWEEP_JOB_REPOSITORY_PASSWORD:${spring.datasource.password:}}") String password,
			@Value("${keysweep.job-repository-password-file:}") String passwordFile) {
		if (INLINE_PASSWORD.matcher(url).find()) {
			throw new OperatorException("the job repository URL carries a password, which every local user sees in "
					+ "the process list: give it in env KEYSWEEP_JOB_REPOSITORY_PASSWORD or "
					+ "--job-repository-password-file instead");
		}
		boolean h2 = url.isEmpty();
		properties.setUrl(h2 ? "jdbc:h2:file:" + Path.of(dataDir, "keysweep") + H2_OPTIONS : url);
		properties.setUsername(user.isEmpty() && h2 ? "sa" : user);
		properties.setPassword(passwordFile.isEmpty() ? password
				: PasswordFile.read(Path.of(passwordFile), "--job-repository-password-file"));
		return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
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
