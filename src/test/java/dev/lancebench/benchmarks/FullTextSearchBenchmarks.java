package dev.lancebench.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.lancebench.datasets.DatasetHandle;
import dev.lancebench.datasets.europarl.EuroparlCorpus;
import dev.lancebench.datasets.europarl.EuroparlDataset;
import dev.lancebench.running.Bench;
import dev.lancebench.running.Cache;
import dev.lancebench.running.IoMemoryBenchmark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lance.ipc.FullTextQuery;
import org.lance.ipc.ScanOptions;

/**
 * Full-text search, ported from upstream's FTS benchmarks: {@code FullTextQuery.match} and {@code
 * phrase} on the {@code text} column of {@code europarl} (upstream searches Wikipedia, downloaded
 * from a model hub; this corpus comes from Maven Central), limit k, only the row id returned.
 * Cached: 1 warmup, 100 rounds on one open dataset; no_cache: no warmup, 100 rounds, each on the
 * dataset opened again in a fresh session with its page cache dropped (untimed).
 *
 * <p>The check: the hits equal what a plain Java scan of the same documents finds (any of the terms
 * for {@code match}, the terms adjacent for {@code phrase}), capped at k. A query with no hits at
 * the run's corpus size (the rare ones, in a small run) is skipped with the size it needs, never
 * timed as an empty search.
 */
class FullTextSearchBenchmarks {

  /** Five queries of different selectivity in this corpus (hits at full size in docs/suite.md). */
  enum Query {
    match_common(false, "european commission"),
    match_rare(false, "asylum seekers"),
    term_rare(false, "tobacco"),
    phrase_common(true, "the european union"),
    phrase_rare(true, "freedom of movement");

    final boolean phrase;
    final String text;

    Query(boolean phrase, String text) {
      this.phrase = phrase;
      this.text = text;
    }

    FullTextQuery lance() {
      return phrase
          ? FullTextQuery.phrase(text, EuroparlDataset.TEXT)
          : FullTextQuery.match(text, EuroparlDataset.TEXT);
    }

    /** Documents a plain scan finds: any term (match) or the terms adjacent (phrase). */
    long hitsByScan(List<String> documents) {
      return documents.stream().filter(this::hits).count();
    }

    boolean hits(String document) {
      String[] terms = text.split(" ");
      String[] words = document.split(" ");
      return phrase
          ? containsRun(words, terms)
          : Arrays.stream(words).anyMatch(Set.of(terms)::contains);
    }

    /** The fewest documents of the corpus, from its start, with one hit (0: none at all). */
    int documentsForOneHit() {
      List<String> all = EuroparlCorpus.documents();
      for (int i = 0; i < all.size(); i++) {
        if (hits(all.get(i))) {
          return i + 1;
        }
      }
      return 0;
    }

    private static boolean containsRun(String[] words, String[] terms) {
      outer:
      for (int i = 0; i + terms.length <= words.length; i++) {
        for (int j = 0; j < terms.length; j++) {
          if (!words[i + j].equals(terms[j])) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }

  /** Scan hits per dataset size and query, computed once per JVM outside the measurement. */
  private static final Map<String, Long> HITS = new ConcurrentHashMap<>();

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int k : new int[] {10, 100, 1000}) {
      for (Query query : Query.values()) {
        for (Cache cache : Cache.values()) {
          cases.add(Arguments.of(k, query, cache));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}-{1}-{2}")
  @MethodSource("cases")
  @IoMemoryBenchmark(warmup = 1, rounds = 100, iterations = 1)
  void ftsSearch(int k, Query query, Cache cache, Bench bench) {
    DatasetHandle europarl = bench.dataset(EuroparlDataset.NAME);
    long hits =
        HITS.computeIfAbsent(
            europarl.rows() + "/" + query,
            key -> query.hitsByScan(new EuroparlDataset(europarl.rows()).documents()));
    if (hits == 0) {
      // a search that finds nothing times an empty lookup: refused, with the size that would do
      abort(
          String.format(
              Locale.ROOT,
              "%s (\"%s\") has no hits in the first %,d documents of europarl, so this case would "
                  + "time an empty search; it needs %s of at least %,d (%,d at full size)",
              query,
              query.text,
              europarl.rows(),
              EuroparlDataset.ROWS_SETTING.key(),
              query.documentsForOneHit(),
              EuroparlCorpus.DOCUMENTS));
    }
    if (cache == Cache.no_cache) {
      bench.warmup(0);
    }
    ScanOptions options =
        new ScanOptions.Builder()
            // lance-core adds the score anyway (and warns on every search that it will stop)
            .columns(List.of("_score"))
            .withRowId(true)
            .fullTextQuery(query.lance())
            .limit(k)
            .build();
    long rows = bench.run(europarl, cache, dataset -> bench.scan(dataset, options));
    assertThat(rows).as("hits of " + query + " with k=" + k).isEqualTo(Math.min(k, hits));
  }
}
