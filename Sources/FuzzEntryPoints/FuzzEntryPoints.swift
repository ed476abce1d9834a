/// The functions the fuzzers call with each generated input, and the corpus replay test calls with
/// each committed file: the same library entry points the CLI uses, with every error caught (a
/// refused input is a success; only a crash, hang or runaway allocation is a finding).
public enum FuzzEntryPoints {}
