package dev.lancebench.datasets;

/** A dataset that is ready to read: its name, URI and the row count the benchmarks expect. */
public record DatasetHandle(String name, String uri, long rows) {}
