package io.keysweep.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown document, read as far as the documentation checks need: its fenced blocks,
 * the inline code spans and links of the text around them, and the anchors GitHub gives
 * its headings. Not a full CommonMark parser: the project's documents use fences of three
 * backticks, inline code of one, and inline links only.
 */
record Markdown(Path path, List<String> lines) {

	private static final Pattern FENCE = Pattern.compile("^\\s*```(\\S*).*$");

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

	/**
	 * A fenced code block: its info string ("sh", "text", or empty), the line number of
	 * its first line, its lines.
	 */
	record Block(String language, int firstLine, List<String> lines) {
	}

	/**
	 * Something written at a place in a document, for messages that say where to look.
	 */
	record Located(String text, int line) {
	}

	static Markdown read(Path path) {
		try {
			return new Markdown(path, Files.readAllLines(path));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Where a message should send the reader: the path and line. */
	String at(int line) {
		return path + ":" + line;
	}

	List<Block> blocks() {
		List<Block> blocks = new ArrayList<>();
		String language = null;
		int first = 0;
		List<String> body = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher fence = FENCE.matcher(lines.get(i));
			if (language == null && fence.matches()) {
				language = fence.group(1);
				first = i + 2;
				body = new ArrayList<>();
			}
			else if (language != null && lines.get(i).strip().equals("```")) {
				blocks.add(new Block(language, first, body));
				language = null;
			}
			else if (language != null) {
				body.add(lines.get(i));
			}
		}
		return blocks;
	}

	/** The lines outside fenced blocks, with their line numbers. */
	List<Located> prose() {
		List<Located> prose = new ArrayList<>();
		boolean fenced = false;
		for (int i = 0; i < lines.size(); i++) {
			if (FENCE.matcher(lines.get(i)).matches()) {
				fenced = !fenced;
			}
			else if (!fenced) {
				prose.add(new Located(lines.get(i), i + 1));
			}
		}
		return prose;
	}

	/**
	 * The inline code spans of the prose; a table's escaped {@code \|} reads as
	 * {@code |}.
	 */
	List<Located> codeSpans() {
		List<Located> spans = new ArrayList<>();
		for (Located line : prose()) {
			Matcher span = CODE_SPAN.matcher(line.text());
			while (span.find()) {
				spans.add(new Located(span.group(1).replace("\\|", "|"), line.line()));
			}
		}
		return spans;
	}

	/** The targets of the prose's links (not those written inside code spans). */
	List<Located> links() {
		List<Located> links = new ArrayList<>();
		for (Located line : prose()) {
			Matcher link = LINK.matcher(CODE_SPAN.matcher(line.text()).replaceAll("code"));
			while (link.find()) {
				links.add(new Located(link.group(1), line.line()));
			}
		}
		return links;
	}

	/**
	 * The anchors GitHub makes of the headings: lower case, punctuation dropped, spaces
	 * as hyphens, and a repeated heading numbered {@code -1}, {@code -2}.
	 */
	Set<String> anchors() {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (Located line : prose()) {
			Matcher heading = HEADING.matcher(line.text());
			if (heading.matches()) {
				String slug = heading.group(2)
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N} _-]", "")
					.replace(' ', '-');
				int repeat = seen.merge(slug, 1, Integer::sum) - 1;
				anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
			}
		}
		return anchors;
	}
}
