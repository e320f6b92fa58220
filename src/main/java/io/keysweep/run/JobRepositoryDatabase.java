package io.keysweep.run;

import java.nio.file.Path;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.keysweep.failure.OperatorException;
import io.keysweep.redis.PasswordFile;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.JobOperatorFactoryBean;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The one place the job repository's database is chosen: H2 in the data dir by default,
 * or a shared database (PostgreSQL is the one keysweep tests) named by a JDBC URL, so
 * that several hosts see each other's runs. Used by the Spring configuration of the
 * commands that sweep ({@link JobRepositoryConfiguration}) and, without a Spring context,
 * by those that only read the repository or mark an execution stopped
 * ({@link #jobRepository}, {@link #jobOperator}), from the same settings.
 */
public final class JobRepositoryDatabase {

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

	private JobRepositoryDatabase() {
	}

	/**
	 * The URL, in order: the command line's {@code --job-repository}, env
	 * {@code KEYSWEEP_JOB_REPOSITORY}, Spring's {@code spring.datasource.url}, then H2 in
	 * the data dir. The user from env {@code KEYSWEEP_JOB_REPOSITORY_USER} or
	 * {@code spring.datasource.username}; the password from
	 * {@code --job-repository-password-file}, env
	 * {@code KEYSWEEP_JOB_REPOSITORY_PASSWORD} or {@code spring.datasource.password}:
	 * never from the URL, which shows in the process list. The other
	 * {@code spring.datasource.*} and {@code spring.datasource.hikari.*} settings apply
	 * as in any Boot application, bound by Boot's own binder.
	 */
	public static HikariDataSource dataSource(Environment environment) {
		String url = environment
			.resolvePlaceholders("${keysweep.job-repository:${KEYSWEEP_JOB_REPOSITORY:${spring.datasource.url:}}}");
		if (INLINE_PASSWORD.matcher(url).find()) {
			throw new OperatorException("the job repository URL carries a password, which every local user sees in "
					+ "the process list: give it in env KEYSWEEP_JOB_REPOSITORY_PASSWORD or "
					+ "--job-repository-password-file instead");
		}
		String user = environment.resolvePlaceholders("${KEYSWEEP_JOB_REPOSITORY_USER:${spring.datasource.username:}}");
		String passwordFile = environment.getProperty("keysweep.job-repository-password-file", "");
		boolean h2 = url.isEmpty();
		Binder binder = Binder.get(environment);
		DataSourceProperties properties = binder.bindOrCreate("spring.datasource", DataSourceProperties.class);
		properties.setUrl(h2 ? "jdbc:h2:file:"
				+ Path.of(environment.getRequiredProperty("keysweep.data-dir"), "keysweep") + H2_OPTIONS : url);
		properties.setUsername(user.isEmpty() && h2 ? "sa" : user);
		properties.setPassword(passwordFile.isEmpty()
				? environment.resolvePlaceholders("${KEYSWEEP_JOB_REPOSITORY_PASSWORD:${spring.datasource.password:}}")
				: PasswordFile.read(Path.of(passwordFile), "--job-repository-password-file"));
		HikariDataSource dataSource = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		binder.bind("spring.datasource.hikari", Bindable.ofInstance(dataSource));
		return dataSource;
	}

	/**
	 * Spring Batch's JDBC job repository on the data source, for a command that only
	 * reads it or marks an execution stopped ({@code jobs}, {@code report},
	 * {@code stop}), made as Boot's batch auto-configuration makes it (its
	 * {@code spring.batch.jdbc.*} settings) without starting a Spring context: creating
	 * the schema when it is missing, as every start does; the check for it is one query,
	 * where Boot's initializer first works out the database's platform and its script.
	 */
	public static JobRepository jobRepository(DataSource dataSource, Environment environment) throws Exception {
		BatchJdbcProperties properties = Binder.get(environment)
			.bindOrCreate("spring.batch.jdbc", BatchJdbcProperties.class);
		if (!MissingSchemaInitializer.hasSchema(dataSource, properties)) {
			// a new repository: created as every other start creates it. An existing one
			// is left to the commands that write it, for H2's sequence caches too
			new MissingSchemaInitializer(dataSource, properties).initializeDatabase();
		}
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(dataSource);
		factory.setTransactionManager(new JdbcTransactionManager(dataSource));
		if (properties.getTablePrefix() != null) {
			factory.setTablePrefix(properties.getTablePrefix());
		}
		if (properties.getIsolationLevelForCreate() != null) {
			factory.setIsolationLevelForCreateEnum(properties.getIsolationLevelForCreate());
		}
		factory.setValidateTransactionState(properties.isValidateTransactionState());
		factory.afterPropertiesSet();
		return factory.getObject();
	}

	/**
	 * Spring Batch's operator on that repository, for {@code stop}: it marks an execution
	 * STOPPING, and the sweep, in another process, stops at its next chunk. No job is
	 * registered here, as none runs in this process.
	 */
	public static JobOperator jobOperator(JobRepository repository, DataSource dataSource) throws Exception {
		JobOperatorFactoryBean factory = new JobOperatorFactoryBean();
		factory.setJobRepository(repository);
		factory.setJobRegistry(new MapJobRegistry());
		factory.setTransactionManager(new JdbcTransactionManager(dataSource));
		factory.afterPropertiesSet();
		return factory.getObject();
	}

}
