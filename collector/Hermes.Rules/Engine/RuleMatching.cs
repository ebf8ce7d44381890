namespace Hermes.Rules.Engine;

/// <summary>Falco's <c>rule_matching</c>: how many rules may fire for one event.</summary>
public enum RuleMatching
{
    /// <summary>At most one alert per event: the first matching rule in load order (Falco's default).</summary>
    First,
    /// <summary>Every matching rule fires.</summary>
    All,
}
