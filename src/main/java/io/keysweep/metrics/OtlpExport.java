package io.keysweep.metrics;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.keysweep.failure.OperatorException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.ipc.http.HttpUrlConnectionSender;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpHttpMetricsSender;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.registry.otlp.OtlpMetricsSender;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Exports a run's figures over OTLP/HTTP (protobuf) once, at the end of the run, when
 * Spring Boot's {@code management.otlp.metrics.export.url} is set: for a short-lived pod
 * whose collector takes OTLP. Boot's own OTLP auto-configuration does not fit a
 * command-line run: it exports whether or not a URL is set (to localhost by default),
 * publishes once a minute, and brings Boot's whole metrics set-up into every start. So
 * this reads Boot's properties itself ({@code url}, {@code headers.*},
 * {@code connect-timeout}, {@code read-timeout}) and closes the registry before the run's
 * command returns, which is when Micrometer publishes. Metric and label names are the
 * metrics file's ({@code keysweep_keys_scanned}, {@code keysweep_job}), so the shipped
 * alert rules and dashboard work on whichever backend stores them. Headers (a collector's
 * token) are sent, never logged.
 */
public final class OtlpExport {

	/** The prefix of Spring Boot's OTLP metrics export properties. */
	public static final String PREFIX = "management.otlp.metrics.export";

	private final String url;

	private final Map<String, String> headers;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private OtlpExport(String url, Map<String, String> headers, Duration connectTimeout, Duration readTimeout) {
		this.url = url;
		this.headers = headers;
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	/**
	 * The export Boot's properties configure; empty when {@code url} is not set, and then
	 * nothing is created.
	 * @throws OperatorException when the URL is not an http[s] URL without credentials
	 */
	public static Optional<OtlpExport> configured(Environment environment) {
		Binder binder = Binder.get(environment);
		String url = binder.bind(PREFIX + ".url", String.class).orElse("");
		if (url.isBlank()) {
			return Optional.empty();
		}
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException e) {
			throw new OperatorException(PREFIX + ".url: not a URL: " + Pushgateway.redacted(url));
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
				|| uri.getRawUserInfo() != null) {
			throw new OperatorException(PREFIX + ".url: give the collector's http:// or https:// address, "
					+ "e.g. http://otel-collector:4318/v1/metrics, with credentials in " + PREFIX + ".headers.*, not "
					+ Pushgateway.redacted(url));
		}
		return Optional.of(new OtlpExport(url,
				binder.bind(PREFIX + ".headers", Bindable.mapOf(String.class, String.class)).orElse(Map.of()),
				binder.bind(PREFIX + ".connect-timeout", Duration.class).orElse(Duration.ofSeconds(1)),
				binder.bind(PREFIX + ".read-timeout", Duration.class).orElse(Duration.ofSeconds(10))));
	}

	/** Where the figures go: what logs and messages name. */
	public String address() {
		return url;
	}

	/**
	 * Sends the run's figures once.
	 * @throws IOException when the collector cannot be reached or refuses them
	 */
	public void export(RunMetrics.Figures figures, String version) throws IOException {
		OtlpHttpMetricsSender http = new OtlpHttpMetricsSender(
				new HttpUrlConnectionSender(connectTimeout, readTimeout));
		// Micrometer logs a failed publish itself, with a stack trace; keeping the
		// failure
		// here gives the caller one warning line instead
		AtomicReference<Exception> failure = new AtomicReference<>();
		OtlpMetricsSender sender = request -> {
			try {
				http.send(request);
			}
			catch (Exception e) {
				failure.set(e);
			}
		};
		OtlpMeterRegistry registry = OtlpMeterRegistry.builder(config()).metricsSender(sender).build();
		registry.config().namingConvention(new FileNames());
		try {
			RunMetrics.register(registry, List.of(figures), version);
		}
		finally {
			registry.close();
		}
		if (failure.get() != null) {
			Throwable cause = failure.get();
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			throw new IOException(cause.toString(), failure.get());
		}
	}

	private OtlpConfig config() {
		return new OtlpConfig() {

			@Override
			public String get(String key) {
				return null;
			}

			@Override
			public String url() {
				return url;
			}

			/**
			 * Boot's headers, else OTEL_EXPORTER_OTLP_[METRICS_]HEADERS, as Boot does.
			 */
			@Override
			public Map<String, String> headers() {
				return headers.isEmpty() ? OtlpConfig.super.headers() : headers;
			}

			/** OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME when set, else keysweep. */
			@Override
			public Map<String, String> resourceAttributes() {
				Map<String, String> attributes = new HashMap<>(OtlpConfig.super.resourceAttributes());
				attributes.putIfAbsent("service.name", "keysweep");
				return attributes;
			}

		};
	}

	/**
	 * Prometheus's names, as in the metrics file, but for {@code keysweep_build_info}:
	 * Micrometer's Prometheus convention takes the {@code _info} suffix off, since the
	 * Prometheus registry writes it back as its info type, which OTLP does not have.
	 */
	private static final class FileNames implements NamingConvention {

		private final NamingConvention prometheus = new PrometheusNamingConvention();

		@Override
		public String name(String name, Meter.Type type, String baseUnit) {
			return name.endsWith(".info") ? NamingConvention.snakeCase.name(name, type, baseUnit)
					: prometheus.name(name, type, baseUnit);
		}

		@Override
		public String tagKey(String key) {
			return prometheus.tagKey(key);
		}

	}

}
