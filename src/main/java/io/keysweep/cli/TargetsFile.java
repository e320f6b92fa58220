package io.keysweep.cli;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisTargets;

/**
 * {@code --targets FILE} (env {@code KEYSWEEP_TARGETS}) and {@code --target NAME}: which
 * Redis a command works on when a targets file names them, in place of the options of the
 * one Redis.
 */
final class TargetsFile {

	private TargetsFile() {
	}

	/**
	 * The targets file, read and checked.
	 * @throws OperatorException when there is none, it is invalid, or the options of a
	 * single Redis are given with it
	 */
	static RedisTargets read(CommonOptions options) {
		if (options.targets == null) {
			throw new OperatorException("--target names a target of a targets file: give --targets FILE too");
		}
		if (options.redisUrl != null || options.redisPasswordFile != null || options.redisCa != null
				|| options.redisClientCert != null) {
			throw new OperatorException("--targets names every Redis with its settings: give no --redis-url, "
					+ "--redis-password-file, --redis-ca or --redis-client-cert with it");
		}
		return RedisTargets.load(options.targets);
	}

	/**
	 * The target of {@code --target}, checked against the file; null without a targets
	 * file.
	 * @param required whether the command works on one Redis and needs to know which
	 */
	static String chosen(CommonOptions options, boolean required) {
		if (options.targets == null && options.target == null) {
			return null;
		}
		RedisTargets targets = read(options);
		if (options.target == null) {
			if (required) {
				throw new OperatorException(options.targets + " names several Redis: say which with --target NAME");
			}
			return null;
		}
		return targets.named(options.target).name();
	}

}
