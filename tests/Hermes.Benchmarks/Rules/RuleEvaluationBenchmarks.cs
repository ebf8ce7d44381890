using BenchmarkDotNet.Attributes;
using Hermes.Rules.Engine;
using Hermes.Rules.Loading;

namespace Hermes.Benchmarks.Rules;

/// <summary>
/// The official stable ruleset evaluated over a realistic event mix. One operation is one event, so the Mean
/// column is nanoseconds per event on one core and Allocated is bytes per event. The baseline evaluates every
/// rule's compiled predicate in order for every event (what an engine without the event-type index does); the
/// indexed run is Hermes as the collector uses it.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const int EventCount = 16_384;
    private BenchEvent[] _events = [];
    private RuleSet _rules = null!;
    private CompiledRule[] _all = [];

    [GlobalSetup]
    public void Setup()
    {
        var result = RuleLoader.LoadFiles([SharedCorpus.OfficialRules]);
        _rules = result.RuleSet ?? throw new InvalidOperationException(string.Join('\n', result.Errors));
        _all = _rules.Rules.ToArray();
        _events = EventMix.Create(EventCount);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventCount, Description = "every rule, no index")]
    public int Unindexed()
    {
        var fired = 0;
        foreach (var evt in _events)
        {
            foreach (var rule in _all)
            {
                if (!rule.Predicate.Evaluate(evt)) continue;
                fired++;
                break;
            }
        }
        return fired;
    }

    [Benchmark(OperationsPerInvoke = EventCount, Description = "Hermes: indexed, rule_matching first")]
    public int Indexed()
    {
        var fired = 0;
        foreach (var evt in _events)
            if (_rules.MatchFirst(evt) is not null) fired++;
        return fired;
    }
}
