package io.keysweep.metrics;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Makes the {@link OtlpExport} bean when {@code management.otlp.metrics.export.url} is
 * set. The bean is made as the application starts, so a URL that is none, or that carries
 * credentials, stops a run before it touches Redis, not after it has swept.
 */
@Configuration(proxyBeanMethods = false)
class OtlpExportConfiguration {

	@Bean
	@ConditionalOnProperty(prefix = OtlpExport.PREFIX, name = "url")
	OtlpExport otlpExport(Environment environment) {
		// a blank URL is no export, as when it is not set
		return OtlpExport.configured(environment).orElse(null);
	}

}
