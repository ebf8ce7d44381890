using Hermes.Rules.Engine;

namespace Hermes.Rules.Output;

/// <summary>
/// An alert with exactly the content of Falco's JSON alert (<c>json_output: true</c>): the rule, its priority,
/// the rendered output, the typed values of the fields the output names, the source, tags, host name and time.
/// </summary>
public sealed record FalcoAlert(
    long TimeNanoseconds,
    string Rule,
    Priority Priority,
    string Output,
    IReadOnlyList<KeyValuePair<string, object?>> OutputFields,
    string Source,
    IReadOnlyList<string> Tags,
    string Hostname);
