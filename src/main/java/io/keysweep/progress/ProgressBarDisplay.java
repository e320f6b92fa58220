package io.keysweep.progress;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A single-line bar on an interactive terminal, drawn by the progressbar library on
 * stderr.
 */
final class ProgressBarDisplay implements ProgressDisplay {

	private ProgressBar bar;

	@Override
	public void start(String job, Long expected) {
		bar = new ProgressBarBuilder().setTaskName(job)
			.setInitialMax(expected == null ? -1 : expected)
			.setStyle(ProgressBarStyle.ASCII)
			.setUnit(" keys", 1)
			.showSpeed()
			.build();
	}

	@Override
	public void update(Progress progress) {
		if (progress.expected() != null && progress.scanned() > bar.getMax()) {
			// the total was an estimate
			bar.maxHint(progress.scanned());
		}
		bar.stepTo(progress.scanned());
		bar.setExtraMessage(" matching " + progress.matching() + ", expired " + progress.expired());
	}

	@Override
	public void finish(Progress last) {
		// the total was an estimate: the bar ends full at what the sweep really read
		bar.maxHint(last.scanned());
		update(last);
		bar.close();
	}

}
